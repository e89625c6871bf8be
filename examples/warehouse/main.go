// Command warehouse runs the talk's warehouse-orders scenario against
// DynamoDB Local (started here) or DYNAMODB_ENDPOINT when it is set.
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
	table := fmt.Sprintf("warehouse-orders-%d", time.Now().UnixNano())
	if err := run(ctx, client, table, os.Stdout); err != nil {
		stop()
		log.Fatal(err)
	}
}
