package bench

import (
	"fmt"
	"maps"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// The codec benchmarks turn one Order into an attribute map and back.
// "dynamodel" is the codec alone (Meta.Marshal and Meta.Unmarshal), the
// like-for-like match for attributevalue and guregu/dynamo. "dynamodel_item"
// is what a write or read really pays in dynamodel: Meta.EncodeItem
// (validation, encoding, key and size checks, the schema version attribute)
// and Meta.DecodeItem (version check, decoding, defaults, validation).

var (
	sinkItem  map[string]types.AttributeValue
	sinkValue Order
	sinkErr   error
)

func orderMeta(tb testing.TB) *entity.Meta {
	tb.Helper()
	m, err := entity.MetaOf[Order]()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func BenchmarkEncode(b *testing.B) {
	order := sampleOrder()
	meta := orderMeta(b)

	b.Run("dynamodel", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkItem, sinkErr = model.Of(meta).Marshal(&order)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkItem, sinkErr = attributevalue.MarshalMap(&order)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("guregu", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkItem, sinkErr = dynamo.MarshalItem(&order)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("dynamodel_item", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkItem, sinkErr = model.Of(meta).EncodeItem(tableName, &order)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	order := sampleOrder()
	meta := orderMeta(b)
	// The stored form, as dynamodel writes it (with its schema version
	// attribute, which the others ignore).
	item, err := model.Of(meta).EncodeItem(tableName, &order)
	if err != nil {
		b.Fatal(err)
	}

	b.Run("dynamodel", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			var out Order
			sinkErr = model.Of(meta).Unmarshal(item, &out)
			sinkValue = out
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			var out Order
			sinkErr = attributevalue.UnmarshalMap(item, &out)
			sinkValue = out
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("guregu", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			var out Order
			sinkErr = dynamo.UnmarshalItem(item, &out)
			sinkValue = out
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("dynamodel_item", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			var out Order
			sinkErr = model.Of(meta).DecodeItem(tableName, item, &out, nil)
			sinkValue = out
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
}

// TestSameOutput holds the contenders to the same work. For the sample
// order, dynamodel's codec must write exactly attributevalue's item, and
// EncodeItem the same plus the schema version; guregu/dynamo writes the
// same item too. Every decoder must give the order back.
func TestSameOutput(t *testing.T) {
	order := sampleOrder()
	meta := orderMeta(t)

	sdk, err := attributevalue.MarshalMap(&order)
	if err != nil {
		t.Fatal(err)
	}
	if len(sdk) != 11 {
		t.Errorf("attributevalue wrote %d attributes, want 11: %v", len(sdk), sortedKeys(sdk))
	}

	codec, err := model.Of(meta).Marshal(&order)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(codec, sdk) {
		t.Errorf("dynamodel Marshal and attributevalue differ:\n dynamodel:      %s\n attributevalue: %s", dumpItem(codec), dumpItem(sdk))
	}

	stored, err := model.Of(meta).EncodeItem(tableName, &order)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := stored[entity.VersionAttribute].(*types.AttributeValueMemberN); !ok || v.Value != "1" {
		t.Errorf("dynamodel EncodeItem: %s = %#v, want N 1", entity.VersionAttribute, stored[entity.VersionAttribute])
	}
	withoutVersion := maps.Clone(stored)
	delete(withoutVersion, entity.VersionAttribute)
	if !reflect.DeepEqual(withoutVersion, sdk) {
		t.Errorf("dynamodel EncodeItem (less %s) and attributevalue differ:\n dynamodel:      %s\n attributevalue: %s", entity.VersionAttribute, dumpItem(withoutVersion), dumpItem(sdk))
	}

	// guregu/dynamo writes the same representation for this order: RFC
	// 3339 times with nanoseconds, a string set, maps and lists alike. It
	// would differ on empty values, which it leaves out where attributevalue
	// writes NULL; the sample has none.
	gu, err := dynamo.MarshalItem(&order)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gu, sdk) {
		t.Errorf("guregu and attributevalue differ:\n guregu:         %s\n attributevalue: %s", dumpItem(gu), dumpItem(sdk))
	}

	decoders := map[string]func(map[string]types.AttributeValue, *Order) error{
		"dynamodel": func(m map[string]types.AttributeValue, out *Order) error {
			return model.Of(meta).Unmarshal(m, out)
		},
		"dynamodel_item": func(m map[string]types.AttributeValue, out *Order) error {
			return model.Of(meta).DecodeItem(tableName, m, out, nil)
		},
		"attributevalue": func(m map[string]types.AttributeValue, out *Order) error {
			return attributevalue.UnmarshalMap(m, out)
		},
		"guregu": func(m map[string]types.AttributeValue, out *Order) error {
			return dynamo.UnmarshalItem(m, out)
		},
	}
	for name, decode := range decoders {
		var got Order
		if err := decode(stored, &got); err != nil {
			t.Errorf("%s: decode: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, order) {
			t.Errorf("%s: decoded\n %+v\nwant\n %+v", name, got, order)
		}
	}
}

func sortedKeys(m map[string]types.AttributeValue) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// dumpItem prints an attribute map in a stable, readable order.
func dumpItem(m map[string]types.AttributeValue) string {
	var sb strings.Builder
	sb.WriteString("{")
	for i, k := range sortedKeys(m) {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(k)
		sb.WriteString(": ")
		sb.WriteString(dumpValue(m[k]))
	}
	sb.WriteString("}")
	return sb.String()
}

func dumpValue(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberM:
		return "M" + dumpItem(x.Value)
	case *types.AttributeValueMemberL:
		parts := make([]string, len(x.Value))
		for i, e := range x.Value {
			parts[i] = dumpValue(e)
		}
		return "L[" + strings.Join(parts, ", ") + "]"
	}
	kind := strings.TrimPrefix(reflect.TypeOf(v).String(), "*types.AttributeValueMember")
	if f := reflect.ValueOf(v).Elem().FieldByName("Value"); f.IsValid() {
		return fmt.Sprintf("%s %q", kind, fmt.Sprint(f.Interface()))
	}
	return kind
}
