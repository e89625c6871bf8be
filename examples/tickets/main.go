// Command tickets runs the talk's support-tickets scenario against
// DynamoDB Local (started here) or DYNAMODB_ENDPOINT when it is set: a
// global secondary index added to a live table that already holds tickets
// — planned, applied, waited for until it is ACTIVE and backfilled, and
// only then queried.
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
	table := fmt.Sprintf("support-tickets-%d", time.Now().UnixNano())
	if err := run(ctx, client, table, os.Stdout); err != nil {
		stop()
		log.Fatal(err)
	}
}
