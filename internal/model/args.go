package model

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
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
	// Refused with the rule every package gives such a number
	// (cond.RuleInvalidNumber), not as a value that cannot be encoded.
	var ae *number.AttributeError
	if errors.As(err, &ae) {
		return &errs.InputError{Table: table, Attribute: ae.Attribute, Rule: number.Rule, Err: ae.Err}
	}
	return &errs.InputError{Table: table, Rule: number.Rule, Err: err}
}
