package ops_test

import (
	"context"
	"fmt"
	"os"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/ops"
	"github.com/dynamodel/dynamodel/schema/review"
)

// Shipment is a service's model; its binary mounts the command with it.
type Shipment struct {
	entity.Model `ddb:"table=shipments,project=ByCarrier:KEYS_ONLY"`
	ID           string `dynamodbav:"id" ddb:"pk" validate:"required"`
	Carrier      string `dynamodbav:"carrier" ddb:"gsi=ByCarrier:pk1" validate:"oneof=dhl ups"`
}

// shipmentsConfig is what the service's main hands to ops.RunAndExit.
func shipmentsConfig() ops.Config {
	shipments := entity.MustRegister[Shipment]()
	return ops.Config{
		Name:   "shipments-ops",
		Tables: []ops.Table{{Name: "prod-shipments", Metas: []*entity.Meta{shipments}}},
		// Built only by plan and apply; review, cost and export need none.
		NewClient: func(context.Context) (schema.Client, error) {
			return nil, fmt.Errorf("no AWS credentials in this example")
		},
		Review: ops.Review{Options: []review.Option{
			review.SilenceIndex(shipments, review.HotPartition, "ByCarrier",
				"two carriers, queried by a nightly job only"),
		}},
	}
}

// A CI step runs the review; it exits with 3 (ops.ExitFindings) while
// findings are left to act on.
func ExampleMain() {
	code := ops.Main(context.Background(), []string{"review"}, os.Stdout, os.Stdout, shipmentsConfig())
	fmt.Println("exit code", code)
	// Output:
	// review: 0 findings to act on, 1 silenced
	//
	// silenced:
	//   HOT_PARTITION Shipment (table prod-shipments), index ByCarrier, attribute carrier: two carriers, queried by a nightly job only
	// exit code 0
}

// Usage errors exit with 2 and say what is wrong before the usage.
func ExampleMain_usage() {
	code := ops.Main(context.Background(), []string{"apply", "--allow-drop"}, os.Stdout, os.Stdout, shipmentsConfig())
	fmt.Println("exit code", code)
	// Output:
	// shipments-ops apply: flag needs an argument: -allow-drop
	//
	// Usage: shipments-ops apply [--table NAME]... [--allow-drop [TABLE:]INDEX]... [--json]
	//
	// Plans every table, then makes the changes: a missing table with CreateTable,
	// each global secondary index with its own UpdateTable, waiting until it is
	// ACTIVE and backfilled before the next, then billing, stream, deletion
	// protection, table class and time to live. Progress goes to stderr as it
	// happens. Running apply again after an interruption continues where it
	// stopped.
	//
	// Before sending anything, apply refuses (exit 5) a change DynamoDB cannot make
	// in place, and (exit 4) deleting an index that --allow-drop does not name.
	// It never deletes a table. An index named INDEX is allowed to be dropped in
	// every table; TABLE:INDEX names one table's.
	//
	// Flags:
	//   -allow-drop index
	//     	allow deleting this index (repeatable; TABLE:INDEX for one table's)
	//   -json
	//     	print the result as JSON, and progress on stderr as JSON lines
	//   -table table
	//     	apply only to this table (repeatable)
	// exit code 2
}

// A unit test of the service checks the configuration without DynamoDB.
func ExampleConfig_Check() {
	fmt.Println(shipmentsConfig().Check())
	// Output:
	// <nil>
}
