package main

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// legacyTicket is the struct of the service that created the table and
// wrote it with attributevalue.MarshalMap: no entity type, no schema
// version, times as RFC 3339 text, and a version counter it never set,
// which MarshalMap stores as 0.
type legacyTicket struct {
	Tenant   string    `dynamodbav:"tenant"`
	ID       string    `dynamodbav:"id"`
	Assignee string    `dynamodbav:"assignee"`
	Opened   time.Time `dynamodbav:"opened"`
	Status   string    `dynamodbav:"status"`
	Tier     string    `dynamodbav:"tier,omitempty"`
	Version  int64     `dynamodbav:"ver"`
}

// createLegacyTable creates the table as the old service did, with an
// index on (assignee, opened), and writes three tickets the way it did.
func createLegacyTable(ctx context.Context, client *dynamodb.Client, table string) error {
	S := types.ScalarAttributeTypeS
	attr := func(name string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: S}
	}
	key := func(name string, kt types.KeyType) types.KeySchemaElement {
		return types.KeySchemaElement{AttributeName: aws.String(name), KeyType: kt}
	}
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{attr("tenant"), attr("id"), attr("assignee"), attr("opened")},
		KeySchema:            []types.KeySchemaElement{key("tenant", types.KeyTypeHash), key("id", types.KeyTypeRange)},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("ByAssignee"),
			KeySchema:  []types.KeySchemaElement{key("assignee", types.KeyTypeHash), key("opened", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
	})
	if err != nil {
		return err
	}
	if err := dynamodb.NewTableExistsWaiter(client).Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)}, time.Minute); err != nil {
		return err
	}
	at := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	for _, lt := range []legacyTicket{
		{Tenant: "acme", ID: "T1", Assignee: "ana", Opened: at, Status: "open", Tier: "premium"},
		{Tenant: "acme", ID: "T2", Assignee: "ana", Opened: at.Add(500 * time.Millisecond), Status: "open"},
		{Tenant: "acme", ID: "T3", Assignee: "ana", Opened: at.Add(time.Second), Status: "closed", Tier: "premium"},
	} {
		item, err := attributevalue.MarshalMap(lt)
		if err != nil {
			return err
		}
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
			return err
		}
	}
	return nil
}

func dropTable(ctx context.Context, client *dynamodb.Client, table string) {
	_, _ = client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(table)})
}
