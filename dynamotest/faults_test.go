package dynamotest

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// decisions returns the faults a plan gives to n requests of operation op.
func decisions(plan FaultPlan, op string, n int) []Fault {
	f := NewFaults(nil, plan)
	out := make([]Fault, n)
	for i := range out {
		out[i] = f.decide(op)
	}
	return out
}

func TestFaultPlanIsDeterministic(t *testing.T) {
	plan := FaultPlan{Fault: LoseResponse, Rate: 0.2, Seed: 7}
	a, b := decisions(plan, "PutItem", 1000), decisions(plan, "PutItem", 1000)
	lost := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("request %d: %v, then %v with the same seed", i, a[i], b[i])
		}
		if a[i] == LoseResponse {
			lost++
		}
	}
	if lost < 150 || lost > 250 {
		t.Fatalf("%d of 1000 requests disturbed at rate 0.2", lost)
	}
	plan.Seed = 8
	if c := decisions(plan, "PutItem", 1000); equalFaults(a, c) {
		t.Fatal("another seed gave the same decisions")
	}
}

func equalFaults(a, b []Fault) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestFaultPlanScriptAndOperations(t *testing.T) {
	plan := FaultPlan{Operations: []string{"PutItem"}, Script: []Fault{Pass, Throttle, ServerError}, Fault: LoseRequest, Rate: 1}
	f := NewFaults(nil, plan)
	got := []Fault{f.decide("GetItem"), f.decide("PutItem"), f.decide("GetItem"), f.decide("PutItem"), f.decide("PutItem"), f.decide("PutItem")}
	want := []Fault{Pass, Pass, Pass, Throttle, ServerError, LoseRequest}
	if !equalFaults(got, want) {
		t.Fatalf("decisions %v, want %v", got, want)
	}
	st := f.Stats()
	if st.Requests != 6 || st.Injected[Throttle] != 1 || st.Injected[ServerError] != 1 || st.Injected[LoseRequest] != 1 {
		t.Fatalf("stats %+v", st)
	}
}

// Each fault reaches the SDK as the failure it stands for, and a lost
// response is one to a request DynamoDB applied.
func TestFaultsAgainstDynamoDB(t *testing.T) {
	ctx := context.Background()
	plain := Client(t)
	name := CreateTable(t, plain, &dynamodb.CreateTableInput{
		TableName:            aws.String("faults"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	})
	put := func(c *dynamodb.Client, pk string) error {
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: &name, Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}}})
		return err
	}
	stored := func(pk string) bool {
		out, err := plain.GetItem(ctx, &dynamodb.GetItemInput{TableName: &name, ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}}})
		if err != nil {
			t.Fatal(err)
		}
		return out.Item != nil
	}
	// One attempt per call, so the fault is what the caller sees.
	once := func(fault Fault) *dynamodb.Client {
		return NewFaults(nil, FaultPlan{Operations: []string{"PutItem"}, Script: []Fault{fault}}).Client(SharedEndpoint(t), 1)
	}

	err := put(once(LoseResponse), "lost-response")
	var send *smithyhttp.RequestSendError
	if !errors.As(err, &send) || !stored("lost-response") {
		t.Fatalf("LoseResponse: %v, stored %v; want a send error and the item stored", err, stored("lost-response"))
	}
	err = put(once(LoseRequest), "lost-request")
	if !errors.As(err, &send) || stored("lost-request") {
		t.Fatalf("LoseRequest: %v; want a send error and nothing stored", err)
	}
	err = put(once(Throttle), "throttled")
	var status interface{ HTTPStatusCode() int }
	if !errors.As(err, &status) || status.HTTPStatusCode() != http.StatusBadRequest || stored("throttled") {
		t.Fatalf("Throttle: %v", err)
	}
	err = put(once(ServerError), "failed")
	var ise *types.InternalServerError
	if !errors.As(err, &ise) || stored("failed") {
		t.Fatalf("ServerError: %v", err)
	}
	// With retries, the SDK sends the request again and succeeds.
	retrying := NewFaults(nil, FaultPlan{Operations: []string{"PutItem"}, Script: []Fault{LoseResponse, Throttle, ServerError, LoseRequest}})
	if err := put(retrying.Client(SharedEndpoint(t), 8), "retried"); err != nil || !stored("retried") {
		t.Fatalf("retried put: %v", err)
	}
	if st := retrying.Stats(); st.Requests != 5 {
		t.Fatalf("requests = %d, want 5 (4 disturbed, then one that passes)", st.Requests)
	}
}
