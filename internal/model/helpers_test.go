package model

import (
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/internal/itemsize"
)

// The tests of this package build models as entity.Register does, without
// importing entity (which imports this package).

type Option func(*Options)

func WithValidator(v *validator.Validate) Option { return func(o *Options) { o.Validator = v } }

func build(t reflect.Type, opts []Option) (*Meta, error) {
	var o Options
	for _, opt := range opts {
		opt(&o)
	}
	return Build(t, o)
}

func Register[T any](opts ...Option) (*Meta, error) { return build(reflect.TypeFor[T](), opts) }

// ItemSize is the size rule of internal/itemsize, which cost.Model.ItemSize
// exposes.
func ItemSize(item map[string]types.AttributeValue) int { return itemsize.Item(item) }
