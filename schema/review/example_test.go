package review_test

import (
	"fmt"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema/review"
)

type Shipment struct {
	entity.Model `ddb:"table=shipments,project=ByCarrier:KEYS_ONLY,project=Delayed:KEYS_ONLY"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Carrier      string `dynamodbav:"carrier" ddb:"gsi=ByCarrier:pk1" validate:"oneof=dhl ups"`
	Delayed      string `dynamodbav:"delayed,omitempty" ddb:"gsi=Delayed:pk1"`
}

func ExampleReview() {
	meta := entity.MustRegister[Shipment]()
	r, err := review.Review([]*entity.Meta{meta},
		review.SilenceIndex(meta, review.OmitEmptyKey, "Delayed", "only delayed shipments are indexed"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range r.Findings {
		fmt.Println(f.Code, f.Index, f.Attribute)
	}
	for _, f := range r.Silenced {
		fmt.Println("silenced:", f.Code, f.Index, "-", f.Silenced)
	}
	// Output:
	// HOT_PARTITION ByCarrier carrier
	// silenced: OMITEMPTY_INDEX_KEY Delayed - only delayed shipments are indexed
}
