package cond_test

import (
	"fmt"

	"github.com/dynamodel/dynamodel/cond"
)

// A condition is built from paths and combined with And, Or and Not. Its
// String form is for people; a request carries it with name and value
// placeholders (#n0 = :v0 AND size(#n1) > :v1), which the query, update,
// entity and txn packages fill in.
func Example() {
	filter := cond.And(
		cond.Name("status").Eq("active"),
		cond.Name("tags").Size().Gt(2),
	)
	fmt.Println(filter)
	// Output:
	// status = "active" AND size(tags) > 2
}

// Nested paths mix map keys and list indexes. Names are taken literally:
// Name("a.b") is one attribute whose name holds a dot.
func ExampleName() {
	e := cond.And(
		cond.Name("name").Field("first.last").Index(2).Field("size").BeginsWith("A"),
		cond.Name("a.b").Exists(),
	)
	fmt.Println(e)
	// Output:
	// begins_with(name."first.last"[2].size, "A") AND attribute_exists("a.b")
}

// Zero Exprs are skipped by And and Or, so optional clauses need no special
// cases.
func ExampleAnd() {
	var minPrice, category cond.Expr // not set by the caller
	maxPrice := cond.Name("price").Le(100)
	fmt.Printf("%q\n", cond.And(minPrice, maxPrice, category))
	fmt.Printf("%q\n", cond.And(minPrice, category))
	// Output:
	// "price <= 100"
	// ""
}

// Not always parenthesises its operand; a Path as an operand compares two
// attributes.
func ExampleNot() {
	e := cond.Not(cond.Name("tags").Contains("archived")).And(cond.Name("owner").Ne(cond.Name("editor")))
	fmt.Println(e)
	// Output:
	// NOT (contains(tags, "archived")) AND owner <> editor
}

func ExamplePath_Size() {
	e := cond.Or(
		cond.Name("items").Size().Between(1, 10),
		cond.Name("limit").Lt(cond.Name("items").Size()),
	)
	fmt.Println(e)
	// Output:
	// (size(items) BETWEEN 1 AND 10) OR limit < size(items)
}

func ExamplePath_HasType() {
	fmt.Println(cond.Name("payload").HasType(cond.TypeM).Or(cond.Name("payload").NotExists()))
	// Output:
	// attribute_type(payload, M) OR attribute_not_exists(payload)
}

func ExampleExpr_String() {
	e := cond.And(
		cond.Name("status").In("new", "open"),
		cond.Or(cond.Name("due").Lt(20), cond.Not(cond.Name("owner").Exists())),
	)
	fmt.Println(e)
	// Output:
	// status IN ("new", "open") AND (due < 20 OR NOT (attribute_exists(owner)))
}

// An attribute the entity's model does not declare, such as one another
// program writes, is named with Undeclared: it renders like Name, and the
// entity-aware packages do not check it against the model.
func ExampleUndeclared() {
	e := cond.And(
		cond.Name("status").Eq("open"),
		cond.Undeclared("legacy_owner").Field("team").Eq("ops"),
	)
	fmt.Println(e)
	// Output:
	// status = "open" AND legacy_owner.team = "ops"
}
