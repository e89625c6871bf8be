// Command bank shows transactions: sign-ups that keep usernames and emails
// unique with guard items, an email change, and money transfers where an
// overdraft cancels everything and says which account and why. It runs
// against DynamoDB Local (started here) or DYNAMODB_ENDPOINT.
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
	prefix := fmt.Sprintf("bank-%d-", time.Now().UnixNano())
	if err := run(ctx, dynamotest.NewClient(endpoint), prefix, os.Stdout); err != nil {
		stop()
		log.Fatal(err)
	}
}
