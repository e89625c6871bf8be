package entity_test

import (
	"fmt"
	"time"

	"github.com/dynamodel/dynamodel/entity"
)

// LegacyOrder is declared over a table that another program wrote without
// entity types: its untyped items whose sort key begins with ORDER# are
// orders, and its index sort key holds attributevalue's RFC 3339 text.
type LegacyOrder struct {
	entity.Model `ddb:"table=shop,type=Order,untyped=begins_with(sk,ORDER#)"`
	Customer     string    `dynamodbav:"pk" ddb:"pk"`
	SK           string    `dynamodbav:"sk" ddb:"sk"`
	Placed       time.Time `dynamodbav:"placed" ddb:"gsi=ByDay:pk1"`
	Shipped      time.Time `dynamodbav:"shipped" ddb:"gsi=ByDay:sk1,timeformat=rfc3339"`
	Channel      string    `dynamodbav:"channel" ddb:"default=web" validate:"oneof=web shop"`
}

func ExampleMeta_Untyped() {
	m := entity.MustRegister[LegacyOrder]()
	attr, prefix, ok := m.Untyped()
	fmt.Println(attr, prefix, ok)
	for _, w := range m.Warnings() {
		fmt.Println(w)
	}

	// A full write stores the default of a zero field, and the key time
	// as the table already holds it.
	shipped := time.Date(2025, 3, 4, 10, 0, 0, 500_000_000, time.UTC)
	item, err := m.EncodeItem(&LegacyOrder{Customer: "c-1", SK: "ORDER#1", Placed: shipped, Shipped: shipped})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(show(item["channel"]), show(item["placed"]), show(item["shipped"]), show(item[entity.TypeAttribute]))
	// Output:
	// sk ORDER# true
	// Shipped (timeformat=rfc3339) is a sort key of index ByDay: RFC 3339 text has variable width and keeps the writer's zone, so items sort and range conditions compare as text, not as time (12:00:00.5Z sorts before 12:00:00Z)
	// Channel (default="web"): Put and Create write the default in place of the zero value "", so only an update can store ""; make it a pointer to store it
	// S:web S:2025-03-04T10:00:00.500000000Z S:2025-03-04T10:00:00.5Z S:Order
}
