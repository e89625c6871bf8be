package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

func TestRestaurant(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "restaurant")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	var out strings.Builder
	if err := run(context.Background(), client, table, &out); err != nil {
		t.Fatal(err)
	}
	want := `table key: orderId(HASH) sk(RANGE), shared by Order (sk ORDER) and OrderItem (sk ITEM#nn); index ByRestaurant: restaurantId(HASH) createdAt(RANGE)
wrote 125 orders of restaurants r-1 and r-2, and their 249 items
active orders of r-1: its latest 100 orders, newest first, completed ones filtered out
  KeyConditionExpression #n0 = :v0, FilterExpression #n1 IN (:v1, :v2, :v3), Limit 100, ScanIndexForward false
  19:54 o-1120 placed    ana    $34.50
  19:48 o-1119 preparing gus    $16.00
  19:36 o-1117 ready     eva    $16.50
  19:30 o-1116 preparing dev    $12.50
  19:18 o-1114 ready     ben    $27.00
  1 request read 100 orders (ScannedCount) and returned 5 (Count) for 2 RCU
  without the filter it returns 100 for the same 2 RCU: a filter saves bytes over the wire (607 item bytes instead of 12386), not read capacity
  a second index keyed on (restaurantId, status) would cost 7 more write units per order (1 when placed, 2 per status change: placed → preparing → ready → delivered),
  875 for these 125 orders; the latest 100 orders are one page of a Query, so this pattern needs no index of its own
order o-1120 and its items, one Query of their item collection (3 items, 0.5 RCU):
  Order placed, ana, 2025-11-03 19:54, total $34.50
  OrderItem ITEM#01: 1 × margherita at $9.50
  OrderItem ITEM#02: 2 × carbonara at $12.50
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
