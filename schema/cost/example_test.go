package cost_test

import (
	"fmt"
	"time"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema/cost"
)

type Order struct {
	entity.Model `ddb:"table=orders,project=ByAssignee:KEYS_ONLY"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk"`
	AssigneeID   string    `dynamodbav:"assigneeId" ddb:"gsi=ByAssignee:pk1"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk1"`
	Notes        string    `dynamodbav:"notes"`
}

func ExampleEstimate() {
	meta := entity.MustRegister[Order]()
	r, err := cost.Estimate(meta, &Order{OrderID: "o-1", AssigneeID: "ana",
		CreatedAt: time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC), Notes: "leave at the door"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.ItemBytes, "bytes;", r.Put.Total(), "WCU per put, of which", r.Put.Index("ByAssignee"), "on ByAssignee")
	fmt.Print(r)
	// Output:
	// 88 bytes; 2 WCU per put, of which 1 on ByAssignee
	// Order (table orders), from a sample item
	//   item: 88 bytes, stored as 188 with the 100-byte overhead
	//   index ByAssignee (global, KEYS_ONLY): entry 62 bytes, stored as 162, 1 WCU per write
	//   put (new item): 2 WCU = 1 table + 1 ByAssignee (put); 4 in a transaction
	//   delete: 2 WCU = 1 table + 1 ByAssignee (delete); 4 in a transaction
	//   update setting assigneeId (a key of ByAssignee): 3 WCU = 1 table + 2 ByAssignee (delete+put); 6 in a transaction
	//   update setting notes (no index key): 1 WCU; 2 in a transaction
	//   get: 0.5 RCU eventually consistent, 1 strongly consistent, 2 in a transaction
	//   query page of 100 items on the table: 1.5 RCU eventually consistent, 3 strongly consistent
	//   query page of 100 items on ByAssignee: 1 RCU eventually consistent
}
