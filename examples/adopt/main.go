// Command adopt puts a model in front of a table that another program
// created and filled with attributevalue.MarshalMap, without rewriting it,
// against DynamoDB Local (started here) or DYNAMODB_ENDPOINT when it is set.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func main() {
	ctx := context.Background()
	endpoint, stop, err := dynamotest.Endpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	client := dynamotest.NewClient(endpoint)
	// A fresh table name per run, so the program can run again against
	// the same server.
	table := fmt.Sprintf("adopt-tickets-%d", time.Now().UnixNano())
	if err := createLegacyTable(ctx, client, table); err != nil {
		stop()
		log.Fatal(err)
	}
	defer dropTable(ctx, client, table)
	if err := adopt(ctx, client, table, os.Stdout); err != nil {
		dropTable(ctx, client, table)
		stop()
		log.Fatal(err)
	}
}
