package txn_test

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
)

// inputOnly is a client for transactions that are only built (Input),
// never sent.
var inputOnly entity.Client = (*dynamodb.Client)(nil)

// hasRule reports an input error breaking rule, matching
// errs.ErrInvalidInput.
func hasRule(err error, rule errs.Rule) bool {
	var ie *errs.InputError
	return errors.As(err, &ie) && ie.Rule == rule && errors.Is(err, errs.ErrInvalidInput)
}
