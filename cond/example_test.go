package cond_test

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/dynamodel/dynamodel/cond"
)

// A filter and a projection rendered through one Builder share their name
// placeholders.
func Example() {
	b := cond.NewBuilder(nil)
	filter, err := b.Condition(cond.And(
		cond.Name("status").Eq("active"),
		cond.Name("tags").Size().Gt(2),
	))
	if err != nil {
		panic(err)
	}
	proj, err := b.Projection(cond.Name("status"), cond.Name("address").Field("city"))
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
	b := cond.NewBuilder(nil)
	expr, err := b.Condition(cond.Or(
		cond.Name("pk").NotExists(),
		cond.And(cond.Name("version").Eq(3), cond.Name("state").In("draft", "review")),
	))
	if err != nil {
		panic(err)
	}
	fmt.Println(expr)
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
	b := cond.NewBuilder(nil)
	expr, err := b.Condition(cond.And(
		cond.Name("name").Field("first.last").Index(2).Field("size").BeginsWith("A"),
		cond.Name("a.b").Exists(),
	))
	if err != nil {
		panic(err)
	}
	fmt.Println(expr)
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
	var minPrice, category cond.Expr // not set by the caller
	maxPrice := cond.Name("price").Le(100)
	b := cond.NewBuilder(nil)
	expr, _ := b.Condition(cond.And(minPrice, maxPrice, category))
	fmt.Printf("%q\n", expr)
	none, _ := b.Condition(cond.And(minPrice, category))
	fmt.Printf("%q\n", none)
	// Output:
	// "#n0 <= :v0"
	// ""
}

// Not always parenthesises its operand.
func ExampleNot() {
	b := cond.NewBuilder(nil)
	expr, _ := b.Condition(cond.Not(cond.Name("tags").Contains("archived")).And(cond.Name("owner").Ne(cond.Name("editor"))))
	fmt.Println(expr)
	printBuilder(b)
	// Output:
	// NOT (contains(#n0, :v0)) AND #n1 <> #n2
	// #n0 = "tags"
	// #n1 = "owner"
	// #n2 = "editor"
	// :v0 = S:"archived"
}

func ExamplePath_Size() {
	b := cond.NewBuilder(nil)
	expr, _ := b.Condition(cond.Or(
		cond.Name("items").Size().Between(1, 10),
		cond.Name("limit").Lt(cond.Name("items").Size()),
	))
	fmt.Println(expr)
	printBuilder(b)
	// Output:
	// (size(#n0) BETWEEN :v0 AND :v1) OR #n1 < size(#n0)
	// #n0 = "items"
	// #n1 = "limit"
	// :v0 = N:1
	// :v1 = N:10
}

func ExampleBuilder_Projection() {
	b := cond.NewBuilder(nil)
	proj, _ := b.Projection(cond.Name("pk"), cond.Name("address").Field("city"), cond.Name("address").Field("zip"), cond.Name("tags").Index(0))
	fmt.Println(proj)

	_, err := b.Projection(cond.Name("address"), cond.Name("address").Field("city"))
	fmt.Println(errors.Is(err, cond.ErrOverlappingPaths), err)
	// Output:
	// #n0, #n1.#n2, #n1.#n3, #n4[0]
	// true cond: Projection address.city: overlapping paths: overlaps address
}

func ExampleExpr_String() {
	e := cond.And(
		cond.Name("status").In("new", "open"),
		cond.Or(cond.Name("due").Lt(20), cond.Not(cond.Name("owner").Exists())),
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

func (unixTime) EncodeValue(p cond.Path, v any) (types.AttributeValue, bool, error) {
	t, ok := v.(time.Time)
	if !ok || p.Root() != "expires" {
		return nil, false, nil
	}
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(t.Unix(), 10)}, true, nil
}

// A ValueEncoder encodes values the way the entity stores the attribute.
func ExampleValueEncoder() {
	b := cond.NewBuilder(unixTime{})
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	expr, _ := b.Condition(cond.And(cond.Name("expires").Gt(now), cond.Name("created").Lt(now)))
	fmt.Println(expr)
	printBuilder(b)
	// Output:
	// #n0 > :v0 AND #n1 < :v1
	// #n0 = "expires"
	// #n1 = "created"
	// :v0 = N:1735787045
	// :v1 = S:"2025-01-02T03:04:05Z"
}

func ExampleError() {
	b := cond.NewBuilder(nil)
	_, err := b.Condition(cond.Name("sku").BeginsWith(42))
	var ce *cond.Error
	if errors.As(err, &ce) {
		fmt.Println(ce.Op, ce.Path, errors.Is(err, cond.ErrInvalidOperand))
	}
	fmt.Println(err)
	// Output:
	// BeginsWith sku true
	// cond: BeginsWith sku: invalid operand: the prefix must be a string or []byte, got int
}

func ExamplePreset() {
	// Worked out once: the attributes every request reads.
	read, err := cond.NewPreset("status", "total", "orderId")
	if err != nil {
		panic(err)
	}
	// Each request starts with them; its other names come after.
	b := cond.NewBuilder(nil)
	if err := b.Start(read); err != nil {
		panic(err)
	}
	filter, _ := b.Condition(cond.Name("total").Gt(100).And(cond.Name("region").Eq("eu")))
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
	b := cond.NewBuilder(nil)
	before := b.Retained()
	var c cond.Expr
	for i := range 100 {
		c = cond.And(c, cond.Name("a"+strconv.Itoa(i)).Eq(i))
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
	b := cond.NewBuilder(nil)
	expr, err := b.Condition(cond.And(
		cond.Name("status").Eq("open"),
		cond.Undeclared("legacy_owner").Field("team").Eq("ops"),
	))
	if err != nil {
		panic(err)
	}
	fmt.Println(expr)
	fmt.Println(cond.Undeclared("legacy_owner").IsUndeclared(), cond.Name("status").IsUndeclared())
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
