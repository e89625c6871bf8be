package model

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/number"
)

// checkNumbers refuses an encoded item holding a number DynamoDB would
// refuse. The codec encodes NaN and infinities as attributevalue does (as
// the text "NaN", "+Inf", "-Inf"), and a custom marshaler may return any
// text, so the item is checked once it is whole, before any request.
func checkNumbers(table string, item map[string]types.AttributeValue) error {
	err := number.CheckItem(item)
	if err == nil {
		return nil
	}
	var ae *number.AttributeError
	if errors.As(err, &ae) {
		return encodeError(table, ae.Attribute, ae.Err)
	}
	return encodeError(table, "", err)
}
