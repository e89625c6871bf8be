package model

// The public package entity holds a *Meta inside every *entity.Meta and a
// *Table inside every *entity.Table[T]. Sibling packages (query, update,
// txn, schema) need those to encode, validate and send what belongs to an
// entity, but the methods they call are plumbing, not API: they must not be
// methods of the public types. Package entity sets these functions in its
// init (entity/bridge.go); they are typed with any because this package
// cannot import entity, which imports it.
var (
	// Of returns the compiled model of an *entity.Meta (nil for a nil
	// one).
	Of func(meta any) *Meta
	// TableOf returns the core of an *entity.Table[T] (nil for a nil
	// one, or for anything that is not a table).
	TableOf func(table any) *Table
)
