package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

func TestTickets(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "tickets")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	var out strings.Builder
	if err := run(context.Background(), client, table, &out); err != nil {
		t.Fatal(err)
	}
	want := `version 1 deployed: table without secondary indexes, 300 tickets written with BatchWriteItem

plan for version 2:
  table support-tickets: 1 change (1 online)

  + create index ByAssignee [online]
      to:   HASH assignee (S), RANGE status (S), RANGE updatedAt (S); projection INCLUDE(_v, customer, subject)
      why: declared by the model and missing from the table; DynamoDB backfills it from the items already stored
      1. UpdateTable creates the index (one index per request).
      2. Wait until it is ACTIVE and no longer backfilling before querying it.

apply: index ByAssignee is ACTIVE and backfilled
apply: done: create-index ByAssignee (online)
plan after apply: table support-tickets: no changes

ana's open tickets, most recently updated first (index ByAssignee, first 5):
  11-08 23:09 t-1297 c-08     export times out
  11-08 17:36 t-1288 c-16     password reset
  11-08 12:03 t-1279 c-07     feature request
  11-08 06:30 t-1270 c-15     cannot log in
  11-08 00:57 t-1261 c-06     invoice is wrong
tickets found through ByAssignee: 300 of 300
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
