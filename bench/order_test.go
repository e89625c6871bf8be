package bench

import (
	"time"
)

// Order is the representative entity the benchmarks move around: eleven
// attributes covering strings, numbers, a time, a string set, a map, a list
// of structs, a bool and a pointer. Each field carries the tags of all
// three libraries so that they write the same attribute names:
// dynamodbav for attributevalue and dynamodel, dynamo for guregu/dynamo,
// ddb for dynamodel's key roles and validate for its validation.
type Order struct {
	OrderID    string            `dynamodbav:"orderId" dynamo:"orderId,hash" ddb:"pk" validate:"required"`
	CustomerID string            `dynamodbav:"customerId" dynamo:"customerId" validate:"required"`
	Status     string            `dynamodbav:"status" dynamo:"status" validate:"required,oneof=open shipped cancelled"`
	Quantity   int               `dynamodbav:"quantity" dynamo:"quantity" validate:"min=1"`
	CreatedAt  time.Time         `dynamodbav:"createdAt" dynamo:"createdAt" validate:"required"`
	Total      float64           `dynamodbav:"total" dynamo:"total" validate:"gte=0"`
	Tags       []string          `dynamodbav:"tags,stringset" dynamo:"tags,set" validate:"max=16,dive,required"`
	Attrs      map[string]string `dynamodbav:"attrs" dynamo:"attrs"`
	Lines      []Line            `dynamodbav:"lines" dynamo:"lines" validate:"required,min=1,dive"`
	Gift       bool              `dynamodbav:"gift" dynamo:"gift"`
	Note       *string           `dynamodbav:"note" dynamo:"note" validate:"omitempty,max=500"`
}

// Line is one order line; its rules apply through Order's dive.
type Line struct {
	SKU   string  `dynamodbav:"sku" dynamo:"sku" validate:"required"`
	Qty   int     `dynamodbav:"qty" dynamo:"qty" validate:"min=1"`
	Price float64 `dynamodbav:"price" dynamo:"price" validate:"gte=0"`
}

const tableName = "orders"

// sampleOrder returns the order every contender encodes, writes or reads.
// It is built afresh so that no benchmark can change another's input.
func sampleOrder() Order {
	note := "leave at the door"
	return Order{
		OrderID:    "o-1001",
		CustomerID: "c-42",
		Status:     "open",
		Quantity:   3,
		CreatedAt:  time.Date(2024, 5, 17, 9, 30, 15, 123456789, time.UTC),
		Total:      59.97,
		Tags:       []string{"priority", "gift-wrap", "eu"},
		Attrs:      map[string]string{"channel": "web", "coupon": "SPRING24"},
		Lines: []Line{
			{SKU: "SKU-1", Qty: 1, Price: 19.99},
			{SKU: "SKU-2", Qty: 2, Price: 19.99},
		},
		Gift: true,
		Note: &note,
	}
}
