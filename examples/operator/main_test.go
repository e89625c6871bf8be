package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

// elapsed is the time at the end of a progress line, which varies.
var elapsed = regexp.MustCompile(` \([0-9.]+[µnm]?s\)$`)

func TestOperator(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "operator")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	var out, errOut strings.Builder
	if err := demo(context.Background(), client, table, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if out.String() != wantStdout {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), wantStdout)
	}
	// stderr has the refusal, then apply's progress as it happened: how
	// many polls and how long vary with the server, so the lines of
	// changes still under way are dropped and times elided.
	var got []string
	for _, line := range strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n") {
		if strings.HasPrefix(line, "support-tickets: ") {
			if !elapsed.MatchString(line) {
				t.Errorf("progress line without its time: %q", line)
			}
			if !strings.Contains(line, ", done (") {
				continue
			}
			line = elapsed.ReplaceAllString(line, " (…)")
		}
		got = append(got, line)
	}
	if g := strings.Join(got, "\n") + "\n"; g != wantStderr {
		t.Errorf("stderr:\n%s\nnormalised:\n%s\nwant:\n%s", errOut.String(), g, wantStderr)
	}
}

const wantStderr = `operator apply: dynamodel: invalid input to apply, table support-tickets, index ByStatus (drop-refused): deleting index ByStatus needs --allow-drop ByStatus
support-tickets: delete-index ByStatus: deleted, done (…)
support-tickets: create-index ByAssignee: ACTIVE, done (…)
`

const wantStdout = `the previous release's table: index ByStatus, 200 tickets

$ operator plan
table support-tickets: 2 changes (1 online, 1 destructive)

- delete index ByStatus [destructive]
    from: HASH status (S); projection KEYS_ONLY
    why: no entity declares this index; queries that still use it fail once it is deleted, and bringing it back means creating and backfilling it again
    1. Make sure no reader queries ByStatus any more.
    2. Apply with the drop allowed for ByStatus (schema.DropIndexes).

+ create index ByAssignee [online]
    to:   HASH assignee (S), RANGE status (S), RANGE updatedAt (S); projection INCLUDE(_v, customer, subject)
    why: declared by the model and missing from the table; DynamoDB backfills it from the items already stored
    1. UpdateTable creates the index (one index per request).
    2. Wait until it is ACTIVE and no longer backfilling before querying it.

apply drops indexes only when told to: operator apply --allow-drop ByStatus
exit code 4

$ operator apply
table support-tickets: 2 changes (1 online, 1 destructive)

- delete index ByStatus [destructive]
    from: HASH status (S); projection KEYS_ONLY
    why: no entity declares this index; queries that still use it fail once it is deleted, and bringing it back means creating and backfilling it again
    1. Make sure no reader queries ByStatus any more.
    2. Apply with the drop allowed for ByStatus (schema.DropIndexes).

+ create index ByAssignee [online]
    to:   HASH assignee (S), RANGE status (S), RANGE updatedAt (S); projection INCLUDE(_v, customer, subject)
    why: declared by the model and missing from the table; DynamoDB backfills it from the items already stored
    1. UpdateTable creates the index (one index per request).
    2. Wait until it is ACTIVE and no longer backfilling before querying it.

nothing applied
exit code 4

$ operator apply --allow-drop ByStatus
table support-tickets: 2 changes (1 online, 1 destructive)

- delete index ByStatus [destructive]
    from: HASH status (S); projection KEYS_ONLY
    why: no entity declares this index; queries that still use it fail once it is deleted, and bringing it back means creating and backfilling it again
    1. Make sure no reader queries ByStatus any more.
    2. Apply with the drop allowed for ByStatus (schema.DropIndexes).

+ create index ByAssignee [online]
    to:   HASH assignee (S), RANGE status (S), RANGE updatedAt (S); projection INCLUDE(_v, customer, subject)
    why: declared by the model and missing from the table; DynamoDB backfills it from the items already stored
    1. UpdateTable creates the index (one index per request).
    2. Wait until it is ACTIVE and no longer backfilling before querying it.

applied to support-tickets:
  delete-index ByStatus (destructive)
  create-index ByAssignee (online)
exit code 0

$ operator plan
table support-tickets: no changes
exit code 0

$ operator plan --json
{
  "exitCode": 0,
  "plans": [
    {
      "table": "support-tickets",
      "exists": true,
      "changes": []
    }
  ]
}
exit code 0

$ operator cost --billing on-demand --per-million-writes 0.625 --per-million-reads 0.125 --per-gb-month 0.25
Ticket (table support-tickets), from a sample item
  item: 113 bytes, stored as 213 with the 100-byte overhead
  index ByAssignee (global, INCLUDE(subject,customer)): entry 113 bytes, stored as 213, 1 WCU per write
    projecting KEYS_ONLY would save 39 bytes per entry and 0 WCU per write, and skip the index on updates of unprojected attributes
  put (new item): 2 WCU = 1 table + 1 ByAssignee (put); 4 in a transaction
  delete: 2 WCU = 1 table + 1 ByAssignee (delete); 4 in a transaction
  update setting status, updatedAt (asked for): 3 WCU = 1 table + 2 ByAssignee (delete+put); 6 in a transaction
  update setting assignee (a key of ByAssignee): 3 WCU = 1 table + 2 ByAssignee (delete+put); 6 in a transaction
  update setting customer (projected by INCLUDE): 2 WCU = 1 table + 1 ByAssignee (update); 4 in a transaction
  get: 0.5 RCU eventually consistent, 1 strongly consistent, 2 in a transaction
  query page of 100 items on the table: 1.5 RCU eventually consistent, 3 strongly consistent
  query page of 100 items on ByAssignee: 1.5 RCU eventually consistent
  monthly, on-demand, at 5 puts, 20 updates, 100 gets, 50 query pages on ByAssignee per second and 2000000 items:
    writes: 70 write request units per second, 114.97
    reads: 125 read request units per second, 41.06
    storage: 0.793 GB, 0.20
    total: 156.24
exit code 0

$ operator review
review: 0 findings to act on, 0 silenced
exit code 0

$ operator export terraform
{
  "resource": {
    "aws_dynamodb_table": {
      "support-tickets": {
        "name": "support-tickets",
        "billing_mode": "PAY_PER_REQUEST",
        "hash_key": "ticketId",
        "attribute": [
          {
            "name": "assignee",
            "type": "S"
          },
          {
            "name": "status",
            "type": "S"
          },
          {
            "name": "ticketId",
            "type": "S"
          },
          {
            "name": "updatedAt",
            "type": "S"
          }
        ],
        "global_secondary_index": [
          {
            "name": "ByAssignee",
            "key_schema": [
              {
                "attribute_name": "assignee",
                "key_type": "HASH"
              },
              {
                "attribute_name": "status",
                "key_type": "RANGE"
              },
              {
                "attribute_name": "updatedAt",
                "key_type": "RANGE"
              }
            ],
            "projection_type": "INCLUDE",
            "non_key_attributes": [
              "_v",
              "customer",
              "subject"
            ]
          }
        ]
      }
    }
  }
}
exit code 0
`
