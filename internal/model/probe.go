package model

import (
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/codecprobe"
)

// The differential tests reach the codec through codecprobe, for struct
// types built at run time that cannot be registered.
func init() {
	codecprobe.Marshal = probeMarshal
	codecprobe.Unmarshal = probeUnmarshal
}

func probeStruct(item any) (reflect.Value, error) {
	v := reflect.ValueOf(item)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, InvalidArgument("", "want a non-nil pointer to a struct, got %T", item)
	}
	return v.Elem(), nil
}

// probeMarshal is Meta.Marshal for any struct type: the type's own
// Marshaler, else its fields by attributevalue's rules.
func probeMarshal(item any) (map[string]types.AttributeValue, error) {
	v, err := probeStruct(item)
	if err != nil {
		return nil, err
	}
	out, whole, err := marshalWhole(marshalerOf(v.Type()), v)
	if whole || err != nil {
		return out, err
	}
	return structPlan(v.Type()).encode(newEncState(), v, 0)
}

// probeUnmarshal is Meta.Unmarshal for any struct type.
func probeUnmarshal(item map[string]types.AttributeValue, out any) error {
	v, err := probeStruct(out)
	if err != nil {
		return err
	}
	v.SetZero()
	if u := unmarshalerOf(v.Type()); u != nil {
		return decodeWhole(u, v, item)
	}
	return structDecPlan(v.Type()).decodeFromMap(item, v)
}
