// Package updatex is the bridge through which package txn reads what it
// needs of an update.Update beyond its request: its table, whether it asks
// for return values, the attributes it writes and the checks its condition
// carries. These are plumbing, not something a user calls, so
// update.Update does not export them.
package updatex

import (
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Info describes an update.
type Info struct {
	// Table is the *entity.Table[T] the update writes to (typed any: the
	// caller knows T).
	Table any
	Meta  *entity.Meta
	// ReturnsValues reports that ReturnValues asks for the item.
	ReturnsValues bool
	// Attributes are the top-level attributes the actions touch.
	Attributes []string
	// Checks are the checks the update adds to its condition (the entity
	// type, the lock version), which tell what a false condition was
	// caused by (model.Table.ConditionFailed).
	Checks model.Checks
}

// Of describes u, an *update.Update[T] of any T; ok is false for anything
// else. Package update sets it (in bridge.go) when it is initialised: the
// function needs update's unexported fields, and update imports nothing
// that would let this package name its type.
var Of func(u any) (Info, bool)
