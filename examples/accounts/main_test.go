package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

func TestAccounts(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "users")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	var out strings.Builder
	if err := run(context.Background(), client, table, &out); err != nil {
		t.Fatal(err)
	}
	want := `created u-1 at version 1
orders counter after 3 increments: 3
writer 1 saved the bio, version now 5
writer 2 refused: it read version 4, the item is at version 5 with bio "Warehouse lead"
writer 2 retried on the current item: "Ana María" / "Warehouse lead", version 6
index eu/free has 1, eu/pro has 0
after upgrading the tier: eu/free has 0, eu/pro has 1
setting tier to gold: true
changing the key: true
final: u-1 "Ana María" orders=3 tier=pro version=7
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
