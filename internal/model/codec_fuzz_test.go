package model

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// fill sets v to a random value of its type, drawing from r. Depth bounds
// recursive types.
func fill(v reflect.Value, r *rand.Rand, depth int) {
	if !v.CanSet() {
		return
	}
	t := v.Type()
	if t == timeType {
		sec := r.Int64N(1<<33) - 1<<32
		v.Set(reflect.ValueOf(time.Unix(sec, r.Int64N(1e9)).UTC()))
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := int64(r.Uint64())
		switch r.IntN(3) {
		case 0:
			n = 0
		case 1:
			n %= 1000
		}
		if !v.OverflowInt(n) {
			v.SetInt(n)
		} else {
			v.SetInt(n % 100)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n := r.Uint64()
		if r.IntN(3) == 0 {
			n = 0
		}
		if v.OverflowUint(n) {
			n %= 200
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f := r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10))
		if r.IntN(4) == 0 {
			f = 0
		}
		if t.Kind() == reflect.Float32 {
			f = float64(float32(f))
		}
		v.SetFloat(f)
	case reflect.String:
		v.SetString(randString(r))
	case reflect.Pointer:
		if depth <= 0 || r.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(t.Elem())
		fill(p.Elem(), r, depth-1)
		v.Set(p)
	case reflect.Slice:
		if r.IntN(4) == 0 || depth <= 0 {
			v.SetZero()
			return
		}
		n := r.IntN(4)
		s := reflect.MakeSlice(t, n, n)
		for i := 0; i < n; i++ {
			fill(s.Index(i), r, depth-1)
		}
		v.Set(s)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), r, depth-1)
		}
	case reflect.Map:
		if r.IntN(4) == 0 || depth <= 0 {
			v.SetZero()
			return
		}
		m := reflect.MakeMap(t)
		for i := r.IntN(4); i > 0; i-- {
			k := reflect.New(t.Key()).Elem()
			fill(k, r, depth-1)
			e := reflect.New(t.Elem()).Elem()
			fill(e, r, depth-1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if t.Field(i).IsExported() {
				fill(v.Field(i), r, depth-1)
			}
		}
	case reflect.Interface:
		switch r.IntN(5) {
		case 0:
			v.SetZero()
		case 1:
			v.Set(reflect.ValueOf(randString(r)))
		case 2:
			v.Set(reflect.ValueOf(r.Float64()))
		case 3:
			v.Set(reflect.ValueOf([]any{randString(r), true}))
		case 4:
			v.Set(reflect.ValueOf(map[string]any{"k": randString(r)}))
		}
	}
}

func randString(r *rand.Rand) string {
	choices := []string{"", "a", "status", "ünïcode", "with space", "1.5", "-3", "x\x00y"}
	if r.IntN(2) == 0 {
		return choices[r.IntN(len(choices))]
	}
	b := make([]byte, r.IntN(12))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return strings.ToValidUTF8(string(b), "?")
}

// randAV draws an arbitrary attribute value, to throw wrong types at the
// decoder.
func randAV(r *rand.Rand, depth int) types.AttributeValue {
	k := r.IntN(10)
	if depth <= 0 {
		k %= 5
	}
	switch k {
	case 0:
		return &types.AttributeValueMemberS{Value: randString(r)}
	case 1:
		nums := []string{"0", "1", "-1", "1.5", "1e3", "99999999999999999999", "abc", "255", "-129"}
		return &types.AttributeValueMemberN{Value: nums[r.IntN(len(nums))]}
	case 2:
		return &types.AttributeValueMemberBOOL{Value: r.IntN(2) == 0}
	case 3:
		return &types.AttributeValueMemberNULL{Value: true}
	case 4:
		return &types.AttributeValueMemberB{Value: []byte(randString(r))}
	case 5:
		return &types.AttributeValueMemberSS{Value: []string{randString(r), "z"}}
	case 6:
		return &types.AttributeValueMemberNS{Value: []string{"1", "2.5"}}
	case 7:
		return &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2, 3}}}
	case 8:
		return &types.AttributeValueMemberL{Value: []types.AttributeValue{randAV(r, depth-1), randAV(r, depth-1)}}
	default:
		m := map[string]types.AttributeValue{}
		for _, name := range []string{"A", "b", "C", "D", "sku"} {
			if r.IntN(2) == 0 {
				m[name] = randAV(r, depth-1)
			}
		}
		return &types.AttributeValueMemberM{Value: m}
	}
}

func seeded(data []byte) *rand.Rand {
	var seed [32]byte
	copy(seed[:], data)
	if len(data) > 32 {
		binary.LittleEndian.PutUint64(seed[24:], uint64(len(data)))
	}
	return rand.New(rand.NewChaCha8(seed))
}

// FuzzCodecMatchesAttributeValue encodes random values of a struct that uses
// every field kind and tag option, and decodes both attributevalue's output
// and random attribute maps, comparing each result with attributevalue's.
func FuzzCodecMatchesAttributeValue(f *testing.F) {
	for _, s := range []string{"", "seed", "another seed", "\x00\x01\x02", strings.Repeat("z", 40)} {
		f.Add([]byte(s))
	}
	fields := structFields(reflect.TypeFor[kitchenSink]())
	f.Fuzz(func(t *testing.T, data []byte) {
		r := seeded(data)
		var in kitchenSink
		fill(reflect.ValueOf(&in).Elem(), r, 4)

		want, wantErr := attributevalue.MarshalMap(&in)
		got, err := encodeForTest(&in)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("encode error mismatch: ours %v, attributevalue %v", err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("encode mismatch\nours: %s\navm:  %s", dump(got), dump(want))
		}
		if wantErr == nil {
			compareDecode(t, want)
		}

		// Arbitrary values under the struct's attribute names.
		raw := map[string]types.AttributeValue{}
		for _, fl := range fields {
			if r.IntN(3) == 0 {
				raw[fl.name] = randAV(r, 3)
			}
		}
		compareDecode(t, raw)
	})
}

func compareDecode(t *testing.T, raw map[string]types.AttributeValue) {
	t.Helper()
	var want, got kitchenSink
	wantErr, panicked := func() (err error, panicked bool) {
		defer func() {
			if recover() != nil {
				panicked = true
			}
		}()
		return attributevalue.UnmarshalMap(raw, &want), false
	}()
	gotErr := decodeForTest(raw, &got)
	if panicked {
		// attributevalue crashes on some malformed input; ours must
		// report it instead.
		if gotErr == nil {
			t.Fatalf("attributevalue panics on %s, and we accepted it", dump(raw))
		}
		return
	}
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("decode error mismatch on %s: ours %v, attributevalue %v", dump(raw), gotErr, wantErr)
	}
	// attributevalue decodes map entries in random order and stops at the
	// first error, so partial results are only comparable on success.
	if gotErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decode mismatch on %s\nours: %+v\navm:  %+v", dump(raw), got, want)
	}
}

// FuzzTagParser throws arbitrary ddb tags at registration: it must return a
// model or a *ModelError, never panic.
func FuzzTagParser(f *testing.F) {
	for _, s := range []string{"pk", "gsi=G:pk1", "gsi=G:sk4,lsi=L", "unique=email,fold", "default=3", "gsi=:pk1", "gsi=G:pk0", "((", "table=x,project=G:INCLUDE(a,b)", "lock,ttl", ",,", "=", "pk="} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, fieldTag, modelTag string) {
		typ := reflect.StructOf([]reflect.StructField{
			{Name: "Model", Type: modelType, Anonymous: true, Tag: reflect.StructTag(`ddb:"` + escapeTag(modelTag) + `"`)},
			{Name: "ID", Type: reflect.TypeFor[string](), Tag: `ddb:"pk"`},
			{Name: "F", Type: reflect.TypeFor[int](), Tag: reflect.StructTag(`ddb:"` + escapeTag(fieldTag) + `"`)},
			{Name: "G", Type: reflect.TypeFor[string](), Tag: `ddb:"gsi=G:pk1"`},
		})
		m, err := build(typ, nil)
		if err != nil {
			if _, ok := err.(*ModelError); !ok {
				t.Fatalf("error %T is not a *ModelError: %v", err, err)
			}
			return
		}
		if err := m.primary.Validate(); err != nil {
			t.Fatalf("registered model has an invalid primary key: %v", err)
		}
		for _, ix := range m.indexes {
			if err := ix.Schema.Validate(); err != nil {
				t.Fatalf("registered model has an invalid index: %v", err)
			}
		}
	})
}

func escapeTag(s string) string {
	s = strings.ReplaceAll(s, `\`, ``)
	return strings.ReplaceAll(s, `"`, ``)
}
