package schema_test

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
)

// refusedBy reports an *entity.InputError breaking rule, matching
// entity.ErrInvalidInput.
func refusedBy(err error, rule entity.Rule) bool {
	var ie *entity.InputError
	return errors.As(err, &ie) && ie.Rule == rule && errors.Is(err, entity.ErrInvalidInput)
}

// createTableInput is the CreateTable request opts.Define builds.
func createTableInput(opts schema.Settings, name string, metas ...*entity.Meta) (*dynamodb.CreateTableInput, error) {
	d, err := opts.Define(name, metas...)
	if err != nil {
		return nil, err
	}
	return d.Table, nil
}
