package dynamotest_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
)

// A transport that loses the response to the first PutItem after DynamoDB
// applied it: the SDK sends the request again, and a raw conditional write
// then fails against its own effect.
func ExampleNewFaults() {
	ctx := context.Background()
	endpoint, stop, err := dynamotest.Endpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	plain := dynamotest.NewClient(endpoint)
	table := "example-faults-" + unique()
	_, err = plain.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            &table,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer plain.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &table})

	faults := dynamotest.NewFaults(nil, dynamotest.FaultPlan{
		Operations: []string{"PutItem"},
		Script:     []dynamotest.Fault{dynamotest.LoseResponse},
	})
	client := faults.Client(endpoint, 3)
	_, err = client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &table,
		Item:                map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "x"}},
		ConditionExpression: aws.String("attribute_not_exists(id)"),
	})
	var ccf *types.ConditionalCheckFailedException
	fmt.Println("condition failed against its own write:", errors.As(err, &ccf))
	st := faults.Stats()
	fmt.Println("requests:", st.Requests, "responses lost:", st.Injected[dynamotest.LoseResponse])
	// Output:
	// condition failed against its own write: true
	// requests: 2 responses lost: 1
}
