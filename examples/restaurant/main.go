// Command restaurant runs the talk's restaurant-orders scenario against
// DynamoDB Local (started here) or DYNAMODB_ENDPOINT when it is set: a
// restaurant's active orders read from the index it already has, and one
// order with its items read as an item collection.
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
	table := fmt.Sprintf("restaurant-orders-%d", time.Now().UnixNano())
	if err := run(ctx, client, table, os.Stdout); err != nil {
		stop()
		log.Fatal(err)
	}
}
