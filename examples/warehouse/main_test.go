package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

func TestWarehouse(t *testing.T) {
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "warehouse")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	var out strings.Builder
	if err := run(context.Background(), client, table, &out); err != nil {
		t.Fatal(err)
	}
	want := `table with index ByAssignee: warehouseId(HASH) assigneeId(HASH) status(HASH) priority(RANGE) createdAt(RANGE)
created 5 orders with 5 PutItem requests
read back o-1001: w-1/ana/open priority 2, created 2025-11-03T09:00:00Z, total 120.50
invalid order refused, 0 requests sent:
  Order.WarehouseID (warehouseId) failed required
  Order.Status (status) failed oneof
  Order.Priority (priority) failed max
ana's open orders in w-1 with priority <= 2, most urgent first (index ByAssignee):
  KeyConditionExpression: #n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 <= :v3
  #n0=warehouseId #n1=assigneeId #n2=status #n3=priority :v0="w-1" :v1="ana" :v2="open" :v3=2
  o-1002 priority 1, created 2025-11-03T11:00:00Z, total 15.00
  o-1001 priority 2, created 2025-11-03T09:00:00Z, total 120.50
  1 request, Count 2, ScannedCount 2
createdAt without priority refused, 0 requests sent:
  dynamodel: invalid input, index ByAssignee, attribute createdAt (sort-gap): sort attributes must be constrained left to right without gaps (createdAt is constrained but priority is not)
cost model, multi-attribute keys vs synthetic GSI1PK/GSI1SK:
  o-1001: 112 vs 193 bytes per item, 2 vs 2 WCU per put, 3 vs 3 WCU per status change
  o-1002: 110 vs 191 bytes per item, 2 vs 2 WCU per put, 3 vs 3 WCU per status change
  o-1003: 112 vs 195 bytes per item, 2 vs 2 WCU per put, 3 vs 3 WCU per status change
  o-1004: 111 vs 192 bytes per item, 2 vs 2 WCU per put, 3 vs 3 WCU per status change
  o-1005: 98 vs 98 bytes per item, 1 vs 1 WCU per put, 1 vs 1 WCU per status change
  a million orders like o-1001 store 424 MB vs 586 MB (items and index entries)
Order (table warehouse-orders), from a sample item
  item: 112 bytes, stored as 212 with the 100-byte overhead
  index ByAssignee (global, INCLUDE(total), sparse): entry 112 bytes, stored as 212, 1 WCU per write
    projecting KEYS_ONLY would save 13 bytes per entry and 0 WCU per write, and skip the index on updates of unprojected attributes
  put (new item): 2 WCU = 1 table + 1 ByAssignee (put); 4 in a transaction
  delete: 2 WCU = 1 table + 1 ByAssignee (delete); 4 in a transaction
  update setting status (asked for): 3 WCU = 1 table + 2 ByAssignee (delete+put); 6 in a transaction
  update setting warehouseId (a key of ByAssignee): 3 WCU = 1 table + 2 ByAssignee (delete+put); 6 in a transaction
  update removing assigneeId (the item leaves ByAssignee): 2 WCU = 1 table + 1 ByAssignee (delete); 4 in a transaction
  update setting total (projected by INCLUDE): 2 WCU = 1 table + 1 ByAssignee (update); 4 in a transaction
  get: 0.5 RCU eventually consistent, 1 strongly consistent, 2 in a transaction
  query page of 100 items on the table: 1.5 RCU eventually consistent, 3 strongly consistent
  query page of 100 items on ByAssignee: 1.5 RCU eventually consistent
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
