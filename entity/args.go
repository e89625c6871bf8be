package entity

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/number"
)

// ErrInvalidArgument: an argument no call can use, such as a nil client
// for NewTable or a nil *Table given to a builder of another package. Such
// calls return an error matching it instead of panicking; builders keep it
// and return it from their terminal call, like their other first errors.
var ErrInvalidArgument = errors.New("dynamodel: invalid argument")

// ErrInvalidNumber: a number DynamoDB would refuse (NaN, ±Inf, a
// magnitude of 1E+126 or more or below 1E-130, more than 38 significant
// digits, or text that is not a number), found in an item, a key, a
// condition, a filter or an update before any request is sent. A key, a
// condition or a filter refuses it with an InputError whose Rule is
// cond.RuleInvalidNumber, which matches this too.
var ErrInvalidNumber = number.ErrInvalid

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
		return &EncodeError{Table: table, Attribute: ae.Attribute, Err: ae.Err}
	}
	return &EncodeError{Table: table, Err: err}
}
