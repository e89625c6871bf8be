// Command operator is a service's operator command: the schema/ops
// package mounted with the service's models (support tickets), as a team
// builds it into its own binary and runs it from a terminal or CI.
//
// With arguments it is the real command, against DYNAMODB_ENDPOINT or a
// DynamoDB Local started for the run:
//
//	go run ./examples/operator plan
//	go run ./examples/operator apply --allow-drop ByStatus
//	go run ./examples/operator cost --billing on-demand --per-million-writes 0.625
//	go run ./examples/operator export terraform --out tickets.tf.json
//
// Without arguments it shows a sequence against a fresh table: the
// previous release's table (index ByStatus) holding tickets, then plan,
// apply refused without --allow-drop, apply with it, plan again, cost,
// review and export, each with its exit code.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/ops"
)

func main() {
	if len(os.Args) > 1 {
		os.Exit(command())
	}
	ctx := context.Background()
	endpoint, stop, err := dynamotest.Endpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	client := dynamotest.NewClient(endpoint)
	// A fresh table name per run, so the demonstration can run again
	// against the same server.
	table := fmt.Sprintf("support-tickets-%d", time.Now().UnixNano())
	if err := demo(ctx, client, table, os.Stdout, os.Stderr); err != nil {
		stop()
		log.Fatal(err)
	}
}

// command runs the real command with the process's arguments and returns
// its exit code. A service would build its client from its AWS
// configuration (config.LoadDefaultConfig) and call ops.RunAndExit; this
// example connects to DynamoDB Local, which it stops before exiting.
func command() int {
	var stop func() error
	cfg := config(ticketMeta.Table())
	cfg.Name = "operator"
	cfg.NewClient = func(ctx context.Context) (schema.Client, error) {
		endpoint, s, err := dynamotest.Endpoint(ctx)
		if err != nil {
			return nil, err
		}
		stop = s
		return dynamotest.NewClient(endpoint), nil
	}
	code := ops.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr, cfg)
	if stop != nil {
		stop()
	}
	return code
}
