package dynamotest_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
)

// Tests get a client for a DynamoDB Local shared by the test binary, and
// tables of their own.
func ExampleClient() {
	// In a _test.go file:
	//
	//	func TestMain(m *testing.M) { dynamotest.Main(m) }
	var t *testing.T // the test's *testing.T
	if t == nil {
		return
	}
	client := dynamotest.Client(t)
	table := dynamotest.CreateTable(t, client, &dynamodb.CreateTableInput{
		TableName:            aws.String("orders"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	_, _ = client.PutItem(context.Background(), &dynamodb.PutItemInput{
		TableName: &table,
		Item:      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "order#1"}},
	})
}
