// Package argcheck refuses the arguments every package's entry points
// must not use, with an *entity.InputError of rule
// entity.RuleInvalidArgument.
package argcheck

import (
	"fmt"
	"reflect"

	"github.com/dynamodel/dynamodel/entity"
)

// Table returns an *entity.InputError (entity.RuleInvalidArgument) when table is
// nil (or a zero Table, made without entity.NewTable), naming the call
// that was given it; nil otherwise.
func Table[T any](call string, table *entity.Table[T]) error {
	if table == nil || table.Meta() == nil {
		return &entity.InputError{Op: call, Rule: entity.RuleInvalidArgument, Detail: fmt.Sprintf("needs a *entity.Table[%s] made by entity.NewTable, got nil", reflect.TypeFor[T]())}
	}
	return nil
}

// Nil is the refusal of a nil builder (what, e.g. "*txn.Write") given to
// or called by call: an *entity.InputError (entity.RuleInvalidArgument)
// saying how to make one (made, e.g. "txn.NewWrite").
func Nil(call, what, made string) error {
	return &entity.InputError{Op: call, Rule: entity.RuleInvalidArgument, Detail: fmt.Sprintf("needs a %s made by %s, got nil", what, made)}
}
