// Command accounts shows writes without read-modify-write: atomic counters,
// optimistic locking between two writers, and an index key moved by an
// update. It runs against DynamoDB Local (started here) or DYNAMODB_ENDPOINT.
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
	table := fmt.Sprintf("users-%d", time.Now().UnixNano())
	if err := run(ctx, dynamotest.NewClient(endpoint), table, os.Stdout); err != nil {
		stop()
		log.Fatal(err)
	}
}
