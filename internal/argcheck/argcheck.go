// Package argcheck refuses the arguments every package's entry points
// must not use, with the one sentinel for them, entity.ErrInvalidArgument.
package argcheck

import (
	"fmt"
	"reflect"

	"github.com/dynamodel/dynamodel/entity"
)

// Table returns an error matching entity.ErrInvalidArgument when table is
// nil (or a zero Table, made without entity.NewTable), naming the call
// that was given it; nil otherwise.
func Table[T any](call string, table *entity.Table[T]) error {
	if table == nil || table.Meta() == nil {
		return fmt.Errorf("%w: %s needs a *entity.Table[%s] made by entity.NewTable, got nil", entity.ErrInvalidArgument, call, reflect.TypeFor[T]())
	}
	return nil
}
