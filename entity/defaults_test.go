package entity_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// Defaults whose value their own field's validation refuses: model errors
// at Register (see TestAdoptionTagsRefusedAtRegister).

type defaultFailsOneOf struct {
	entity.Model `ddb:"table=t"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	Tier         string `dynamodbav:"tier" ddb:"default=gold" validate:"oneof=standard premium"`
}

type defaultFailsMin struct {
	entity.Model `ddb:"table=t"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	Seats        int    `dynamodbav:"seats" ddb:"default=0" validate:"min=1"`
}

type defaultBase struct {
	Tier string `dynamodbav:"tier" ddb:"default=gold" validate:"oneof=standard premium"`
}

type defaultFailsEmbedded struct {
	entity.Model `ddb:"table=t"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	*defaultBase
}

type defaultUndefinedRule struct {
	entity.Model `ddb:"table=t"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	Tier         string `dynamodbav:"tier" ddb:"default=x" validate:"no_such_rule"`
}

// A default is judged on its own field: other fields' rules (here a
// required field left zero) do not fail it.
type defaultPasses struct {
	entity.Model `ddb:"table=t"`
	PK           string  `dynamodbav:"pk" ddb:"pk" validate:"required"`
	Owner        string  `dynamodbav:"owner" validate:"required"`
	Tier         string  `dynamodbav:"tier" ddb:"default=standard" validate:"oneof=standard premium"`
	Seats        *int    `dynamodbav:"seats" ddb:"default=1" validate:"omitnil,min=1"`
	Zero         float64 `dynamodbav:"zero" ddb:"default=0" validate:"gte=0"`
}

type customRule struct {
	entity.Model `ddb:"table=t"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	Code         string `dynamodbav:"code" ddb:"default=B-1" validate:"code"`
}

func TestDefaultsValidatedAtRegister(t *testing.T) {
	m, err := entity.Register[defaultPasses]()
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	// Tier's default is not its zero value, so Put cannot store "" for
	// it: a warning says so. Seats is a pointer (nil stands for "not
	// set"), and Zero's default is its zero value: no warning.
	var warned []string
	for _, w := range m.Warnings() {
		if strings.Contains(w, "default=") {
			warned = append(warned, w[:strings.IndexByte(w, ' ')])
		}
	}
	if !reflect.DeepEqual(warned, []string{"Tier"}) {
		t.Fatalf("default warnings for %v; want Tier only: %q", warned, m.Warnings())
	}

	// The model's own validator judges the default, custom rules
	// included.
	v := validator.New()
	if err := v.RegisterValidation("code", func(fl validator.FieldLevel) bool {
		return strings.HasPrefix(fl.Field().String(), "A-")
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := entity.Register[customRule](entity.WithValidator(v)); !errors.Is(err, entity.ErrInvalidModel) {
		t.Fatalf("Register with a default the custom rule refuses = %v; want ErrInvalidModel", err)
	}
	if _, err := entity.Register[customRule](); err == nil {
		t.Fatal("Register without the custom rule: want the undefined rule reported")
	}
}

// A support ticket whose CustomerTier was added later with a default.
type tierTicket struct {
	entity.Model `ddb:"table=tickets,type=Ticket"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Subject      string `dynamodbav:"subject" validate:"required"`
	CustomerTier string `dynamodbav:"customerTier" ddb:"default=standard" validate:"oneof=standard premium"`
	Seats        *int   `dynamodbav:"seats" ddb:"default=1" validate:"omitnil,min=1"`
}

// Every full write stores the default in place of a zero field, without
// touching the caller's struct; an update stores what it is given.
func TestFullWritesStoreDefaults(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := simpleTable(t, client, "id")
	tbl, err := entity.NewTable[tierTicket](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	writes := map[string]func(*tierTicket) error{
		"Put":    func(x *tierTicket) error { return tbl.Put(x).Run(ctx) },
		"Create": func(x *tierTicket) error { return tbl.Create(x).Run(ctx) },
		"BatchPut": func(x *tierTicket) error {
			w := update.NewBatchWriter(client)
			if err := update.BatchPut(w, tbl, x); err != nil {
				return err
			}
			_, err := w.Run(ctx)
			return err
		},
		"txn Put": func(x *tierTicket) error {
			w := txn.NewWrite(client)
			txn.Put(w, tbl, x)
			_, err := w.Run(ctx)
			return err
		},
		"txn Create": func(x *tierTicket) error {
			w := txn.NewWrite(client)
			txn.Create(w, tbl, x)
			_, err := w.Run(ctx)
			return err
		},
	}
	for op, write := range writes {
		t.Run(op, func(t *testing.T) {
			id := "t-" + strings.ReplaceAll(op, " ", "-")
			in := &tierTicket{ID: id, Subject: "printer on fire"}
			if err := write(in); err != nil {
				t.Fatalf("%s of a ticket with no tier: %v", op, err)
			}
			if *in != (tierTicket{ID: id, Subject: "printer on fire"}) {
				t.Fatalf("%s modified the caller's struct: %+v", op, in)
			}
			stored := rawGet(t, client, name, map[string]types.AttributeValue{"id": s(id)})
			if !reflect.DeepEqual(stored["customerTier"], s("standard")) || !reflect.DeepEqual(stored["seats"], n("1")) {
				t.Fatalf("stored %#v", stored)
			}
			got, err := tbl.Get(entity.NewKey(id)).Run(ctx)
			if err != nil || got.CustomerTier != "standard" || got.Seats == nil || *got.Seats != 1 {
				t.Fatalf("Get = %+v, %v", got, err)
			}
		})
	}

	// A pointer to the zero value is a value, not "not set": it is
	// validated as it is.
	zero := 0
	if err := tbl.Put(&tierTicket{ID: "t-zero", Subject: "s", Seats: &zero}).Run(ctx); !errors.Is(err, entity.ErrValidation) {
		t.Fatalf("Put with seats 0 = %v; want ErrValidation", err)
	}

	// An update setting the field to its zero value is validated as it
	// is: "" is not a tier.
	if _, err := update.New(tbl, entity.NewKey("t-Put")).Set(cond.Name("customerTier"), "").Run(ctx); !errors.Is(err, entity.ErrValidation) {
		t.Fatalf("update to an empty tier = %v; want ErrValidation", err)
	}

	// A reader of an item written before the attribute existed sees the
	// same default a write would have stored.
	rawPut(t, client, name, map[string]types.AttributeValue{"id": s("t-old"), "subject": s("s"), entity.TypeAttribute: s("Ticket")})
	old, err := tbl.Get(entity.NewKey("t-old")).Run(ctx)
	if err != nil || old.CustomerTier != "standard" || *old.Seats != 1 {
		t.Fatalf("Get of an item without the attributes = %+v, %v", old, err)
	}
}
