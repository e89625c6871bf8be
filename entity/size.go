package entity

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/itemsize"
)

// ItemSize returns the size DynamoDB bills and limits an item by: the UTF-8
// length of every attribute name plus the size of every value, following
// DynamoDB's rules (numbers by base-100 digit pairs plus one byte, and one
// more when negative; one byte for BOOL and NULL; three bytes of overhead
// plus one per element for lists and maps). The rules live in one place,
// shared with the cost model; see internal/itemsize.
func ItemSize(item map[string]types.AttributeValue) int { return itemsize.Item(item) }
