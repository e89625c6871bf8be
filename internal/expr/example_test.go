package expr_test

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

// A filter and a projection rendered through one Builder share their name
// placeholders.
func Example() {
	b := expr.NewBuilder(nil)
	filter, err := b.Condition(expr.And(
		expr.Name("status").Eq("active"),
		expr.Name("tags").Size().Gt(2),
	))
	if err != nil {
		panic(err)
	}
	proj, err := b.Projection(expr.Name("status"), expr.Name("address").Field("city"))
	if err != nil {
		panic(err)
	}
	fmt.Println("filter:    ", filter)
	fmt.Println("projection:", proj)
	printBuilder(b)
	// Output:
	// filter:     #n0 = :v0 AND size(#n1) > :v1
	// projection: #n0, #n2.#n3
	// #n0 = "status"
	// #n1 = "tags"
	// #n2 = "address"
	// #n3 = "city"
	// :v0 = S:"active"
	// :v1 = N:2
}

// A conditional write: create the item, or replace it only at the expected
// version.
func ExampleBuilder_Condition() {
	b := expr.NewBuilder(nil)
	rendered, err := b.Condition(expr.Or(
		expr.Name("pk").NotExists(),
		expr.And(expr.Name("version").Eq(3), expr.Name("state").In("draft", "review")),
	))
	if err != nil {
		panic(err)
	}
	fmt.Println(rendered)
	printBuilder(b)
	// Output:
	// attribute_not_exists(#n0) OR (#n1 = :v0 AND #n2 IN (:v1, :v2))
	// #n0 = "pk"
	// #n1 = "version"
	// #n2 = "state"
	// :v0 = N:3
	// :v1 = S:"draft"
	// :v2 = S:"review"
}

// Nested paths mix map keys and list indexes. Every name goes through a
// placeholder, so reserved words and names containing dots are fine.
func ExampleName() {
	b := expr.NewBuilder(nil)
	rendered, err := b.Condition(expr.And(
		expr.Name("name").Field("first.last").Index(2).Field("size").BeginsWith("A"),
		expr.Name("a.b").Exists(),
	))
	if err != nil {
		panic(err)
	}
	fmt.Println(rendered)
	printBuilder(b)
	// Output:
	// begins_with(#n0.#n1[2].#n2, :v0) AND attribute_exists(#n3)
	// #n0 = "name"
	// #n1 = "first.last"
	// #n2 = "size"
	// #n3 = "a.b"
	// :v0 = S:"A"
}

// Zero Exprs are skipped by And and Or, so optional clauses need no special
// cases.
func ExampleAnd() {
	var minPrice, category expr.Expr // not set by the caller
	maxPrice := expr.Name("price").Le(100)
	b := expr.NewBuilder(nil)
	rendered, _ := b.Condition(expr.And(minPrice, maxPrice, category))
	fmt.Printf("%q\n", rendered)
	none, _ := b.Condition(expr.And(minPrice, category))
	fmt.Printf("%q\n", none)
	// Output:
	// "#n0 <= :v0"
	// ""
}

// Not always parenthesises its operand.
func ExampleNot() {
	b := expr.NewBuilder(nil)
	rendered, _ := b.Condition(expr.Not(expr.Name("tags").Contains("archived")).And(expr.Name("owner").Ne(expr.Name("editor"))))
	fmt.Println(rendered)
	printBuilder(b)
	// Output:
	// NOT (contains(#n0, :v0)) AND #n1 <> #n2
	// #n0 = "tags"
	// #n1 = "owner"
	// #n2 = "editor"
	// :v0 = S:"archived"
}

func ExamplePath_Size() {
	b := expr.NewBuilder(nil)
	rendered, _ := b.Condition(expr.Or(
		expr.Name("items").Size().Between(1, 10),
		expr.Name("limit").Lt(expr.Name("items").Size()),
	))
	fmt.Println(rendered)
	printBuilder(b)
	// Output:
	// (size(#n0) BETWEEN :v0 AND :v1) OR #n1 < size(#n0)
	// #n0 = "items"
	// #n1 = "limit"
	// :v0 = N:1
	// :v1 = N:10
}

func ExampleBuilder_Projection() {
	b := expr.NewBuilder(nil)
	proj, _ := b.Projection(expr.Name("pk"), expr.Name("address").Field("city"), expr.Name("address").Field("zip"), expr.Name("tags").Index(0))
	fmt.Println(proj)

	_, err := b.Projection(expr.Name("address"), expr.Name("address").Field("city"))
	var ie *errs.InputError
	fmt.Println(errors.As(err, &ie) && ie.Rule == expr.RuleOverlappingPaths, err)
	// Output:
	// #n0, #n1.#n2, #n1.#n3, #n4[0]
	// true dynamodel: invalid input to projection expression, attribute address.city (overlapping-paths): overlaps address
}

func ExampleExpr_String() {
	e := expr.And(
		expr.Name("status").In("new", "open"),
		expr.Or(expr.Name("due").Lt(20), expr.Not(expr.Name("owner").Exists())),
	)
	fmt.Println(e)
	for _, p := range e.Paths() {
		fmt.Println(p)
	}
	// Output:
	// status IN ("new", "open") AND (due < 20 OR NOT (attribute_exists(owner)))
	// status
	// due
	// owner
}

// unixTime stores time.Time values of the attribute "expires" as unix seconds
// and leaves everything else to the default encoding.
type unixTime struct{}

func (unixTime) EncodeValue(p expr.Path, v any) (types.AttributeValue, bool, error) {
	t, ok := v.(time.Time)
	if !ok || p.Root() != "expires" {
		return nil, false, nil
	}
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(t.Unix(), 10)}, true, nil
}

// A ValueEncoder encodes values the way the entity stores the attribute.
func ExampleValueEncoder() {
	b := expr.NewBuilder(unixTime{})
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	rendered, _ := b.Condition(expr.And(expr.Name("expires").Gt(now), expr.Name("created").Lt(now)))
	fmt.Println(rendered)
	printBuilder(b)
	// Output:
	// #n0 > :v0 AND #n1 < :v1
	// #n0 = "expires"
	// #n1 = "created"
	// :v0 = N:1735787045
	// :v1 = S:"2025-01-02T03:04:05Z"
}

func ExampleBuilder_Condition_refused() {
	b := expr.NewBuilder(nil)
	_, err := b.Condition(expr.Name("sku").BeginsWith(42))
	var ie *errs.InputError
	if errors.As(err, &ie) {
		fmt.Println(ie.Op, ie.Attribute, ie.Rule == expr.RuleInvalidOperand)
	}
	fmt.Println(err)
	// Output:
	// cond.Path.BeginsWith sku true
	// dynamodel: invalid input to cond.Path.BeginsWith, attribute sku (invalid-operand): the prefix must be a string or []byte, got int
}

func ExamplePreset() {
	// Worked out once: the attributes every request reads.
	read, err := expr.NewPreset("status", "total", "orderId")
	if err != nil {
		panic(err)
	}
	// Each request starts with them; its other names come after.
	b := expr.NewBuilder(nil)
	if err := b.Start(read); err != nil {
		panic(err)
	}
	filter, _ := b.Condition(expr.Name("total").Gt(100).And(expr.Name("region").Eq("eu")))
	fmt.Println(read.Projection())
	fmt.Println(filter)
	fmt.Println(b.Names())
	// Output:
	// #n0, #n1, #n2
	// #n1 > :v0 AND #n3 = :v1
	// map[#n0:status #n1:total #n2:orderId #n3:region]
}

// A Builder keeps the room one large request made it grow for, even
// after Reset; Retained tells a pool of Builders when to let one go.
func ExampleBuilder_Retained() {
	b := expr.NewBuilder(nil)
	before := b.Retained()
	var c expr.Expr
	for i := range 100 {
		c = expr.And(c, expr.Name("a"+strconv.Itoa(i)).Eq(i))
	}
	if _, err := b.Condition(c); err != nil {
		panic(err)
	}
	b.Reset(nil)
	fmt.Println(b.NumNames(), b.NumValues(), b.Retained() > 10*before)
	// Output: 0 0 true
}

// An attribute the entity's model does not declare, such as one another
// program writes, is named with Undeclared: it renders like Name, and the
// entity-aware packages do not check it against the model.
func ExampleUndeclared() {
	b := expr.NewBuilder(nil)
	rendered, err := b.Condition(expr.And(
		expr.Name("status").Eq("open"),
		expr.Undeclared("legacy_owner").Field("team").Eq("ops"),
	))
	if err != nil {
		panic(err)
	}
	fmt.Println(rendered)
	fmt.Println(expr.Undeclared("legacy_owner").IsUndeclared(), expr.Name("status").IsUndeclared())
	printBuilder(b)
	// Output:
	// #n0 = :v0 AND #n1.#n2 = :v1
	// true false
	// #n0 = "status"
	// #n1 = "legacy_owner"
	// #n2 = "team"
	// :v0 = S:"open"
	// :v1 = S:"ops"
}
