package dynamotest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
)

// A program that uses $DYNAMODB_ENDPOINT when set and otherwise starts
// DynamoDB Local for as long as it runs.
func Example() {
	ctx := context.Background()
	endpoint, stop, err := dynamotest.Endpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	client := dynamotest.NewClient(endpoint)

	// Other programs may share the endpoint: use a table name of our own.
	table := "example-" + fmt.Sprint(dynamotest.AccessKeyID, "-", unique())
	_, err = client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            &table,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &table})

	_, err = client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &table,
		Item: map[string]types.AttributeValue{
			"id":   &types.AttributeValueMemberS{Value: "greeting"},
			"text": &types.AttributeValueMemberS{Value: "hello, DynamoDB Local"},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &table,
		Key:       map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "greeting"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Item["text"].(*types.AttributeValueMemberS).Value)
	// Output: hello, DynamoDB Local
}
