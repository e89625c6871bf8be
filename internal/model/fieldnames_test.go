package model

import (
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/expr"
)

type nameLine struct {
	SKU string `dynamodbav:"sku" validate:"required"`
}

// nameAudit is embedded: its fields are top-level attributes, while
// validator names them through the embedded type.
type nameAudit struct {
	By string `dynamodbav:"by" validate:"required"`
}

// nameLines is a list type of its own: ValidateElems checks its elements
// one by one instead of as one list.
type nameLines []nameLine

type nameOrder struct {
	Model `ddb:"table=orders"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	nameAudit
	Lines  []nameLine           `dynamodbav:"lines" validate:"dive"`
	ByHub  map[string]nameLine  `dynamodbav:"byHub" validate:"dive"`
	Labels map[string]string    `dynamodbav:"labels" validate:"dive,required"`
	Tags   []string             `dynamodbav:"tags,stringset" validate:"dive,min=2"`
	Main   nameLine             `dynamodbav:"main"`
	Any    any                  `dynamodbav:"any"`
	Spare  map[string]*nameLine `dynamodbav:"spare" validate:"dive"`
}

func validNameOrder() *nameOrder {
	return &nameOrder{
		ID:        "o-1",
		nameAudit: nameAudit{By: "ana"},
		Lines:     []nameLine{{SKU: "a"}, {SKU: "b"}},
		ByHub:     map[string]nameLine{"eu": {SKU: "a"}},
		Labels:    map[string]string{"team": "ops"},
		Tags:      []string{"aa"},
		Main:      nameLine{SKU: "a"},
	}
}

// TestFieldErrorNames: every producer of validation errors (whole writes,
// each kind of partial write, reads and projected reads) names a failing
// field the same two ways: Field is the Go path in validator's namespace
// form, from the type name down; Attribute is the stored attribute's full
// document path, as cond.Path prints it.
func TestFieldErrorNames(t *testing.T) {
	m := mustMeta[nameOrder](t)
	key := map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "o-1"}}
	resolve := func(p expr.Path) *PathInfo {
		t.Helper()
		info, err := m.ResolvePath(p)
		if err != nil {
			t.Fatalf("ResolvePath(%s): %v", p, err)
		}
		return &info
	}
	whole := func(edit func(o *nameOrder)) func() error {
		return func() error {
			o := validNameOrder()
			edit(o)
			return m.Validate("orders", o)
		}
	}
	read := func(projected []string, edit func(o *nameOrder)) func() error {
		return func() error {
			o := validNameOrder()
			edit(o)
			raw, err := attributevalue.MarshalMap(o)
			if err != nil {
				t.Fatal(err)
			}
			var out nameOrder
			return m.Decode("orders", raw, &out, DecodeOptions{Projected: projected, NoMetadata: true})
		}
	}
	set := func(p expr.Path, v any) func() error {
		return func() error { return m.ValidateAt("orders", key, p, resolve(p), v) }
	}
	elems := func(p expr.Path, v any) func() error {
		return func() error { return m.ValidateElems("orders", key, p, resolve(p), v) }
	}
	remove := func(p expr.Path) func() error {
		return func() error { return m.ValidateRemove("orders", key, p, resolve(p)) }
	}
	// together runs paths through one WriteSet, as an update does with the
	// values it writes outside lists and maps; a nil value is a Remove.
	together := func(p expr.Path, v any) func() error {
		return func() error {
			ws, err := m.NewWriteSet([]expr.Path{p}, []PathInfo{*resolve(p)}, []bool{true})
			if err != nil || !ws.Has(0) {
				t.Fatalf("NewWriteSet(%s): %v, in the set %v", p, err, ws.Has(0))
			}
			c := ws.Begin()
			defer c.Done()
			if v == nil {
				c.Remove(0)
			} else if !c.Set(0, v) {
				t.Fatalf("Set(%s, %v) refused", p, v)
			}
			c.Run()
			return c.Result("orders", key, 0)
		}
	}
	type name struct{ field, attribute string }
	sku1 := name{"nameOrder.Lines[1].SKU", "lines[1].sku"}
	hubSKU := name{"nameOrder.ByHub[eu].SKU", "byHub.eu.sku"}
	team := name{"nameOrder.Labels[team]", "labels.team"}
	cases := []struct {
		name string
		run  func() error
		want []name
	}{
		{"Put: list element's field", whole(func(o *nameOrder) { o.Lines[1].SKU = "" }), []name{sku1}},
		{"Put: map value", whole(func(o *nameOrder) { o.Labels["team"] = "" }), []name{team}},
		{"Put: map value's field", whole(func(o *nameOrder) { o.ByHub["eu"] = nameLine{} }), []name{hubSKU}},
		{"Put: map value through a pointer", whole(func(o *nameOrder) { o.Spare = map[string]*nameLine{"x.y": {}} }), []name{{"nameOrder.Spare[x.y].SKU", `spare."x.y".sku`}}},
		{"Put: embedded struct's field", whole(func(o *nameOrder) { o.By = "" }), []name{{"nameOrder.nameAudit.By", "by"}}},
		{"Put: struct in an interface", whole(func(o *nameOrder) { o.Any = nameLine{} }), []name{{"nameOrder.Any.SKU", "any.sku"}}},
		{"read: list element's field", read(nil, func(o *nameOrder) { o.Lines[1].SKU = "" }), []name{sku1}},
		{"read: map value", read(nil, func(o *nameOrder) { o.Labels["team"] = "" }), []name{team}},
		{"projected read: list element's field", read([]string{"id", "lines"}, func(o *nameOrder) { o.Lines[1].SKU = ""; o.By = "" }), []name{sku1}},
		{"projected read: map value's field", read([]string{"byHub"}, func(o *nameOrder) { o.ByHub["eu"] = nameLine{} }), []name{hubSKU}},
		{"projected read: embedded struct's field", read([]string{"by"}, func(o *nameOrder) { o.By = "" }), []name{{"nameOrder.nameAudit.By", "by"}}},
		{"Set/SetIfNotExists: list element's field", set(expr.Name("lines").Index(1).Field("sku"), ""), []name{sku1}},
		{"Set/SetIfNotExists: list element", set(expr.Name("lines").Index(1), nameLine{}), []name{sku1}},
		{"Set/SetIfNotExists: map value", set(expr.Name("labels").Field("team"), ""), []name{team}},
		{"Set/SetIfNotExists: map value's field", set(expr.Name("byHub").Field("eu").Field("sku"), ""), []name{hubSKU}},
		{"Set/SetIfNotExists: whole map", set(expr.Name("byHub"), map[string]nameLine{"eu": {}}), []name{hubSKU}},
		{"Set/SetIfNotExists: struct in an interface", set(expr.Name("any"), nameLine{}), []name{{"nameOrder.Any.SKU", "any.sku"}}},
		{"Append/Prepend: list elements", elems(expr.Name("lines"), []nameLine{{SKU: "a"}, {}}), []name{sku1}},
		{"Append/Prepend: list elements one by one", elems(expr.Name("lines"), nameLines{{SKU: "a"}, {}}), []name{sku1}},
		{"Add: set members", elems(expr.Name("tags"), []string{"aa", "b"}), []name{{"nameOrder.Tags[1]", "tags[1]"}}},
		{"Remove: list element's field", remove(expr.Name("lines").Index(1).Field("sku")), []name{sku1}},
		{"Remove: map value's field", remove(expr.Name("byHub").Field("eu").Field("sku")), []name{hubSKU}},
		{"Set together: nested field", together(expr.Name("main").Field("sku"), ""), []name{{"nameOrder.Main.SKU", "main.sku"}}},
		{"Set together: embedded struct's field", together(expr.Name("by"), ""), []name{{"nameOrder.nameAudit.By", "by"}}},
		{"Remove together: nested field", together(expr.Name("main").Field("sku"), nil), []name{{"nameOrder.Main.SKU", "main.sku"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v, want a *ValidationError", err)
			}
			var got []name
			for _, f := range ve.Fields {
				got = append(got, name{f.Field, f.Attribute})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("fields %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFieldErrorString: one format names a failing field everywhere, the Go
// path first and the attribute path in brackets.
func TestFieldErrorString(t *testing.T) {
	for _, tc := range []struct {
		f    FieldError
		want string
	}{
		{FieldError{Field: "Order.Lines[0].SKU", Attribute: "lines[0].sku", Tag: "required"}, "Order.Lines[0].SKU (lines[0].sku): required"},
		{FieldError{Field: "Order.Lines[0].Qty", Attribute: "lines[0].qty", Tag: "min", Param: "1"}, "Order.Lines[0].Qty (lines[0].qty): min=1"},
		{FieldError{Field: "Order.Scratch", Tag: "required"}, "Order.Scratch: required"},
	} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

type nameUnstored struct {
	Model `ddb:"table=orders"`
	ID    string `ddb:"pk" dynamodbav:"id"`
	Draft string `dynamodbav:"-" validate:"required"`
}

// TestFieldErrorOfAFieldNotStored: a field attributevalue leaves out is
// still validated; it has a Go path and no attribute path.
func TestFieldErrorOfAFieldNotStored(t *testing.T) {
	err := mustMeta[nameUnstored](t).Validate("orders", &nameUnstored{ID: "a"})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "nameUnstored.Draft" || ve.Fields[0].Attribute != "" {
		t.Fatalf("error %v, want nameUnstored.Draft with no attribute", err)
	}
	if got, want := ve.Fields[0].String(), "nameUnstored.Draft: required"; got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
}

// TestDocPathOfMalformedNamespaces: naming a failure never panics; a
// namespace that leads nowhere in the type names no attribute.
func TestDocPathOfMalformedNamespaces(t *testing.T) {
	item := reflect.ValueOf(validNameOrder()).Elem()
	typ := reflect.TypeFor[nameOrder]()
	for _, tc := range []struct{ ns, want string }{
		{"Lines[1].SKU", "lines[1].sku"},
		{"Lines[9].SKU", "lines[9].sku"}, // beyond the value: named from the type
		{"Labels[a]b]", `labels."a]b"`},  // a key holding a bracket
		{"Lines[", ""},
		{"Lines[x].SKU", ""},
		{"Lines.SKU", ""},
		{"[0]", ""},
		{"Nope", ""},
		{"nameAudit", ""},
		{"Any.SKU", ""}, // an interface holding nothing
		{"ID.X", ""},
	} {
		for _, v := range []reflect.Value{item, {}} {
			if got := docPath(expr.Path{}, false, typ, v, tc.ns); got != tc.want {
				t.Errorf("docPath(%q, value %v) = %q, want %q", tc.ns, v.IsValid(), got, tc.want)
			}
		}
	}
}
