package cost

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/describe"
	"github.com/dynamodel/dynamodel/internal/itemsize"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/validtag"
)

// Sizes describes an item by the size in bytes of each attribute's value
// (without its name) instead of a sample: the field-size assumptions of an
// estimate made before any data exists. Attributes not listed are absent
// from the item (an omitempty field left empty, which keeps the item out of
// any index keyed by it). The library's metadata attributes are added with
// their real values.
type Sizes map[string]int

// Default value sizes [DefaultSizes] assumes when the model does not bound
// a value.
const (
	DefaultStringBytes = 16 // a string without len, max or oneof
	DefaultIntegerSize = 4  // an integer up to six digits
	DefaultFloatSize   = 5  // a decimal such as 1234.56
	DefaultBinaryBytes = 16
)

// DefaultSizes is a starting point for [EstimateSizes]: every attribute of
// the model at a typical size, from its Go type and validation rules. A
// string takes its longest oneof value, its len, or its max (in runes,
// counted as bytes), else [DefaultStringBytes]; an integer its max, else
// [DefaultIntegerSize]; a float [DefaultFloatSize]; a bool 1; a time 30
// bytes when it is a key (fixed-width UTC), 6 with unixtime and 20
// (RFC 3339 to the second) otherwise; a list, map or struct the 3 bytes of
// an empty one; a set one element of a default size. Adjust the result
// for the attributes you know better:
//
//	s := cost.DefaultSizes(meta)
//	s["body"] = 2000
//	delete(s, "assigneeId") // unassigned: not in ByAssignee
func DefaultSizes(meta *entity.Meta) Sizes {
	out := Sizes{}
	for _, a := range meta.Attributes() {
		out[a.Name] = defaultSize(meta, a)
	}
	return out
}

func defaultSize(meta *entity.Meta, a entity.Attribute) int {
	t := a.GoType
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var rules validtag.Rules
	if sf, ok := meta.GoType().FieldByName(a.GoName); ok {
		rules = validtag.Of(sf)
	}
	switch {
	case t.ConvertibleTo(reflect.TypeFor[time.Time]()) && t.Kind() == reflect.Struct:
		switch {
		case a.KeyType == types.ScalarAttributeTypeN:
			return 6
		case a.KeyType != "":
			return len("2006-01-02T15:04:05.000000000Z")
		}
		return len("2006-01-02T15:04:05Z")
	case a.KeyType == types.ScalarAttributeTypeN || isNumberKind(t):
		if rules.HasMax && rules.Max == float64(int64(rules.Max)) {
			return itemsize.Number(strconv.FormatInt(int64(rules.Max), 10))
		}
		if t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64 {
			return DefaultFloatSize
		}
		return DefaultIntegerSize
	case t.Kind() == reflect.String:
		switch {
		case rules.OneOf != nil:
			n := 0
			for _, v := range rules.OneOf {
				n = max(n, len(v))
			}
			return n
		case rules.HasLen:
			return int(rules.Len)
		case rules.HasMax:
			return int(rules.Max)
		}
		return DefaultStringBytes
	case t.Kind() == reflect.Bool:
		return 1
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if rules.HasMax {
			return int(rules.Max)
		}
		return DefaultBinaryBytes
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map:
		if a.GoType != nil && isSet(meta, a) {
			return DefaultStringBytes
		}
		return 3
	case t.Kind() == reflect.Struct:
		return 3
	}
	return DefaultStringBytes
}

func isNumberKind(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

func isSet(meta *entity.Meta, a entity.Attribute) bool {
	sf, ok := meta.GoType().FieldByName(a.GoName)
	if !ok {
		return false
	}
	tag := sf.Tag.Get("dynamodbav")
	return strings.Contains(tag, "stringset") || strings.Contains(tag, "numberset") || strings.Contains(tag, "binaryset")
}

// itemFromSizes builds an item with the given value sizes: numbers where
// the attribute is a number key or a Go number, strings of 'x' otherwise.
// Only the sizes (and which attributes are keys) matter to the cost model.
func itemFromSizes(meta *entity.Meta, sizes Sizes) (Item, error) {
	fail := func(attr string, format string, args ...any) error {
		return where{op: opEstimateSizes, meta: meta, attribute: attr}.refuse(RuleSize, format, args...)
	}
	item := Item{}
	for _, name := range sortedKeys(sizes) {
		n := sizes[name]
		a, ok := describe.Attribute(meta, name)
		if !ok {
			return nil, where{op: opEstimateSizes, meta: meta, attribute: name}.unknownAttribute()
		}
		if n < 0 {
			return nil, fail(name, "a size cannot be negative (%d)", n)
		}
		t := a.GoType
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		number := a.KeyType == types.ScalarAttributeTypeN || (a.KeyType == "" && isNumberKind(t))
		switch {
		case number && (n < 1 || n > 21):
			return nil, fail(name, "a number takes 1 to 21 bytes, not %d", n)
		case number:
			item[name] = &types.AttributeValueMemberN{Value: numberOfSize(n)}
		case a.KeyType != "" && n == 0:
			return nil, fail(name, "a key attribute cannot be empty")
		case a.KeyType == types.ScalarAttributeTypeB:
			item[name] = &types.AttributeValueMemberB{Value: make([]byte, n)}
		default:
			item[name] = &types.AttributeValueMemberS{Value: strings.Repeat("x", n)}
		}
	}
	for _, k := range keyrules.All(meta.PrimaryKey()) {
		if _, ok := item[k.Name]; !ok {
			return nil, where{op: opEstimateSizes, meta: meta, attribute: k.Name}.refuse(RuleIncompleteItem, "the primary key attribute needs a size: every item has it")
		}
	}
	addMetadata(meta, item)
	return item, nil
}

// addMetadata stamps the library's metadata as the codec writes it.
func addMetadata(meta *entity.Meta, item Item) {
	if _, ok := item[entity.VersionAttribute]; !ok {
		item[entity.VersionAttribute] = &types.AttributeValueMemberN{Value: strconv.Itoa(meta.Version())}
	}
	if _, ok := item[entity.TypeAttribute]; !ok && model.Of(meta).StampsType() {
		item[entity.TypeAttribute] = &types.AttributeValueMemberS{Value: meta.TypeName()}
	}
}

// numberOfSize is a number whose DynamoDB size is n bytes (1 to 21).
func numberOfSize(n int) string {
	if n == 1 {
		return "0"
	}
	return strings.Repeat("1", 2*(n-1)-1)
}

// changed returns a value of the same size as v that differs from it, so
// that an update can be priced without knowing the new value.
func changed(v types.AttributeValue) types.AttributeValue {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		if x.Value == "" {
			return &types.AttributeValueMemberS{Value: "x"}
		}
		r, size := utf8.DecodeRuneInString(x.Value)
		repl := "x"
		if r == 'x' {
			repl = "y"
		}
		// Keep the byte length: replace the first rune by as many ASCII
		// letters as it had bytes.
		return &types.AttributeValueMemberS{Value: strings.Repeat(repl, size) + x.Value[size:]}
	case *types.AttributeValueMemberN:
		b := []byte(x.Value)
		for i, c := range b {
			if c >= '1' && c <= '9' {
				b[i] = '1' + (c-'1'+1)%9
				return &types.AttributeValueMemberN{Value: string(b)}
			}
		}
		return &types.AttributeValueMemberN{Value: "1"}
	case *types.AttributeValueMemberB:
		b := slices.Clone(x.Value)
		if len(b) == 0 {
			return &types.AttributeValueMemberB{Value: []byte{0}}
		}
		b[0] ^= 0xff
		return &types.AttributeValueMemberB{Value: b}
	case *types.AttributeValueMemberBOOL:
		return &types.AttributeValueMemberBOOL{Value: !x.Value}
	}
	// Documents, sets and NULL: a string of the same size stands for
	// "a different value".
	return &types.AttributeValueMemberS{Value: strings.Repeat("z", itemsize.Value(v))}
}
