package describe_test

import (
	"reflect"
	"testing"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/describe"
)

type account struct {
	entity.Model `ddb:"table=accounts"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Email        string `dynamodbav:"email" ddb:"unique,fold"`
	Version      int64  `dynamodbav:"ver" ddb:"lock"`
	Expires      int64  `dynamodbav:"expires" ddb:"ttl"`
}

func TestAttributeIsWhatAttributesLists(t *testing.T) {
	m := entity.MustRegister[account]()
	for _, want := range m.Attributes() {
		got, ok := describe.Attribute(m, want.Name)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("Attribute(%q) = %+v, %v; want %+v", want.Name, got, ok, want)
		}
	}
	if a, ok := describe.Attribute(m, "Email"); ok {
		t.Errorf("Attribute found %+v by its Go name; attributes are looked up by their DynamoDB name", a)
	}
}
