// Package argcheck refuses the arguments every package's entry points
// must not use, with an *entity.InputError of rule
// entity.RuleInvalidArgument.
package argcheck

import (
	"reflect"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Table returns an *entity.InputError (entity.RuleInvalidArgument) when table is
// nil (or a zero Table, made without entity.NewTable), naming the call
// that was given it; nil otherwise.
func Table[T any](call string, table *entity.Table[T]) error {
	if table == nil || table.Meta() == nil {
		return model.NilBuilder(call, "*entity.Table["+reflect.TypeFor[T]().String()+"]", "entity.NewTable")
	}
	return nil
}

// Nil is the refusal of a nil builder (what, e.g. "*txn.Write") given to
// or called by call: an *entity.InputError (entity.RuleInvalidArgument)
// saying how to make one (made, e.g. "txn.NewWrite").
func Nil(call, what, made string) error {
	return model.NilBuilder(call, what, made)
}
