package expr

import (
	"reflect"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/number"
)

// ValueEncoder lets the caller encode values the way its entity codec stores
// the attribute at a path (for example a time.Time field stored as a unix
// time number). The Builder calls it for every value compared with a path,
// including the bounds of Between, the operands of In and the arguments of
// BeginsWith and Contains; it is not called for values compared with size(),
// whose values are always numbers, nor for attribute_type's type name.
//
// EncodeValue returns handled=false to let the Builder fall back to its
// default encoding (attributevalue.Marshal semantics). An encoder should do
// so for any value it does not recognise for that path: for example the
// element given to Contains for a set attribute, or a string prefix given to
// BeginsWith.
type ValueEncoder interface {
	EncodeValue(path Path, v any) (av types.AttributeValue, handled bool, err error)
}

// ScalarEncoder is an optional interface of a ValueEncoder, asked before
// EncodeValue. For a value stored as a lone string or number it gives the
// stored text and whether it is a number (ok true); the Builder then keeps
// the value in memory it shares among the request's values instead of an
// allocation of its own. ok false sends the value to EncodeValue.
type ScalarEncoder interface {
	EncodeScalar(path Path, v any) (text string, number, ok bool)
}

// encodeDefault encodes v like attributevalue.Marshal, with fast paths for the
// common scalar types. Already-encoded attribute values are used as they are.
// Values that attributevalue silently drops (channels, functions) and
// non-finite floats are refused.
func (b *Builder) encodeDefault(v any) (types.AttributeValue, *errs.InputError) {
	switch x := v.(type) {
	case nil:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case string:
		return b.newS(x), nil
	case []byte:
		if x == nil {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		return &types.AttributeValueMemberB{Value: append([]byte{}, x...)}, nil
	case bool:
		return &types.AttributeValueMemberBOOL{Value: x}, nil
	case int:
		return b.number(strconv.FormatInt(int64(x), 10)), nil
	case int8:
		return b.number(strconv.FormatInt(int64(x), 10)), nil
	case int16:
		return b.number(strconv.FormatInt(int64(x), 10)), nil
	case int32:
		return b.number(strconv.FormatInt(int64(x), 10)), nil
	case int64:
		return b.number(strconv.FormatInt(x, 10)), nil
	case uint:
		return b.number(strconv.FormatUint(uint64(x), 10)), nil
	case uint8:
		return b.number(strconv.FormatUint(uint64(x), 10)), nil
	case uint16:
		return b.number(strconv.FormatUint(uint64(x), 10)), nil
	case uint32:
		return b.number(strconv.FormatUint(uint64(x), 10)), nil
	case uint64:
		return b.number(strconv.FormatUint(x, 10)), nil
	case float32:
		return b.float(float64(x), 32)
	case float64:
		return b.float(x, 64)
	case types.AttributeValue:
		if isNilPointer(x) {
			return nil, refusal(RuleEncode, "nil attribute value")
		}
		return x, nil
	}
	av, err := attributevalue.Marshal(v)
	if err != nil {
		return nil, encodeRefusal(err)
	}
	if av == nil {
		return nil, refusal(RuleEncode, "unsupported type "+reflect.TypeOf(v).String())
	}
	return av, nil
}

// slabSize is the number of string or number attribute values allocated at
// once. Each slot is handed out only once, so values already returned stay
// untouched whatever happens to the Builder later.
const slabSize = 8

func (b *Builder) newS(s string) types.AttributeValue {
	if len(b.sSlab) == 0 {
		b.sSlab = make([]types.AttributeValueMemberS, slabSize)
	}
	av := &b.sSlab[0]
	b.sSlab = b.sSlab[1:]
	av.Value = s
	return av
}

func (b *Builder) number(s string) types.AttributeValue {
	if len(b.nSlab) == 0 {
		b.nSlab = make([]types.AttributeValueMemberN, slabSize)
	}
	av := &b.nSlab[0]
	b.nSlab = b.nSlab[1:]
	av.Value = s
	return av
}

func (b *Builder) float(f float64, bits int) (types.AttributeValue, *errs.InputError) {
	if err := number.CheckFloat(f, bits); err != nil {
		return nil, encodeRefusal(err)
	}
	return b.number(strconv.FormatFloat(f, 'f', -1, bits)), nil
}

func isNilPointer(av types.AttributeValue) bool {
	switch x := av.(type) { // the members, without reflection
	case *types.AttributeValueMemberS:
		return x == nil
	case *types.AttributeValueMemberN:
		return x == nil
	case *types.AttributeValueMemberL:
		return x == nil
	case *types.AttributeValueMemberM:
		return x == nil
	case *types.AttributeValueMemberSS:
		return x == nil
	case *types.AttributeValueMemberNS:
		return x == nil
	case *types.AttributeValueMemberB:
		return x == nil
	case *types.AttributeValueMemberBOOL:
		return x == nil
	case *types.AttributeValueMemberNULL:
		return x == nil
	}
	rv := reflect.ValueOf(av)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// stringOrBytes reports whether v is usable as a begins_with prefix.
func stringOrBytes(v any) bool {
	switch x := v.(type) {
	case string, []byte:
		return true
	case nil, Expr, Path, Size:
		return false
	case types.AttributeValue:
		switch x.(type) {
		case *types.AttributeValueMemberS, *types.AttributeValueMemberB:
			return !isNilPointer(x)
		}
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return true
	case reflect.Slice:
		return rv.Type().Elem().Kind() == reflect.Uint8
	}
	return false
}

// userTypeName names v's type as a user of package cond wrote it: the
// expression types are cond's, whose representation this package holds.
func userTypeName(v any) string {
	switch v.(type) {
	case Expr:
		return "cond.Expr"
	case *Expr:
		return "*cond.Expr"
	case Path:
		return "cond.Path"
	case *Path:
		return "*cond.Path"
	case Size:
		return "cond.Size"
	case *Size:
		return "*cond.Size"
	}
	return reflect.TypeOf(v).String()
}

// opOf names the expression method that built n, for a refusal.
func opOf(n *node) string {
	if n.size {
		return "cond.Size." + kindOps[n.kind]
	}
	return "cond.Path." + kindOps[n.kind]
}
