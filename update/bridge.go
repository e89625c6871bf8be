package update

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/updatex"
)

// Package txn needs an update's table, return-values choice, touched
// attributes and condition checks, which users have no use for;
// internal/updatex carries them so that Update does not export them.
func init() {
	updatex.Of = func(u any) (updatex.Info, bool) {
		d, ok := u.(describer)
		if !ok {
			return updatex.Info{}, false
		}
		return d.describe(), true
	}
}

// describer is every *Update[T]: a method of this package lets the bridge
// reach an update of any T.
type describer interface{ describe() updatex.Info }

func (u *Update[T]) describe() updatex.Info {
	attrs := make([]string, 0, len(u.actions))
	for _, a := range u.actions {
		attrs = append(attrs, a.path.Root())
	}
	return updatex.Info{
		Table:         u.table,
		Meta:          u.meta,
		ReturnsValues: u.ret != "" && u.ret != types.ReturnValueNone,
		Attributes:    attrs,
		Checks:        u.checks(),
	}
}
