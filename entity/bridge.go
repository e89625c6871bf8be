package entity

import (
	"github.com/dynamodel/dynamodel/internal/model"
)

// The query, update, txn and schema packages encode, validate and send what
// belongs to an entity with the internal model and table core, whose
// methods are plumbing rather than API. A *Meta and a *Table[T] hold them;
// this hands them over (see internal/model/bridge.go). Nothing here is
// reachable by users.
func init() {
	model.Of = func(meta any) *model.Meta {
		m, _ := meta.(*Meta)
		if m == nil {
			return nil
		}
		return m.m
	}
	model.TableOf = func(table any) *model.Table {
		t, ok := table.(interface{ internal() *model.Table })
		if !ok {
			return nil
		}
		return t.internal()
	}
}

// internal returns the table's core, nil for a nil table.
func (t *Table[T]) internal() *model.Table {
	if t == nil {
		return nil
	}
	return &t.core
}
