package model

import (
	"testing"

	"github.com/dynamodel/dynamodel/cond"
)

type benchEvent struct {
	Code string `dynamodbav:"code" validate:"required"`
	At   string `dynamodbav:"at" validate:"required"`
}

type benchShipment struct {
	Model  `ddb:"table=bench"`
	ID     string       `ddb:"pk" dynamodbav:"id"`
	Events []benchEvent `dynamodbav:"events" validate:"dive"`
	Labels []string     `dynamodbav:"labels,stringset" validate:"max=16,dive,required"`
}

// BenchmarkElems measures what an update spends on the values of
// list_append and set ADD/DELETE: checking and encoding a list of structs,
// encoding a string set.
func BenchmarkElems(b *testing.B) {
	m, err := Register[benchShipment]()
	if err != nil {
		b.Fatal(err)
	}
	events, _ := m.ResolvePath(cond.Name("events"))
	labels, _ := m.ResolvePath(cond.Name("labels"))
	list := []benchEvent{{Code: "picked", At: "2024-05-17T08:14:00Z"}}
	set := []string{"hold"}
	b.Run("validate-list", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := m.ValidateElems("bench", nil, cond.Name("events"), &events, list); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode-list", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := m.EncodeElems(&events, list); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode-set", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := m.EncodeElems(&labels, set); err != nil {
				b.Fatal(err)
			}
		}
	})
}
