package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"
)

// The request benchmarks send real SDK requests (serialisation, signing,
// the middleware stack, response parsing) to an HTTP client that answers
// from memory, so they measure the client side of a call without a
// network or a server.

const stubEndpoint = "http://stub.invalid"

// stubHTTP answers DynamoDB JSON requests with canned 200 responses: "{}"
// for PutItem and getBody for GetItem. It reads and closes every request
// body, as a real transport does.
type stubHTTP struct {
	getBody []byte

	mu sync.Mutex
	// seen, when not nil, collects each request's operation and body.
	seen []stubRequest
	keep bool
}

type stubRequest struct {
	Op   string
	Body []byte
}

func (s *stubHTTP) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if s.keep {
			body, err = io.ReadAll(req.Body)
		} else {
			_, err = io.Copy(io.Discard, req.Body)
		}
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "DynamoDB_20120810.")
	if s.keep {
		s.mu.Lock()
		s.seen = append(s.seen, stubRequest{Op: op, Body: body})
		s.mu.Unlock()
	}
	var out []byte
	switch op {
	case "PutItem":
		out = []byte("{}")
	case "GetItem":
		out = s.getBody
	default:
		return nil, fmt.Errorf("stub: unexpected operation %q", op)
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": []string{"application/x-amz-json-1.0"}},
		Body:          io.NopCloser(bytes.NewReader(out)),
		ContentLength: int64(len(out)),
		Request:       req,
	}, nil
}

func (s *stubHTTP) requests() []stubRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]stubRequest(nil), s.seen...)
}

var staticCredentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "AKIDBENCH", SecretAccessKey: "bench-secret", Source: "bench"}, nil
})

// newStubClient returns a DynamoDB client whose requests go to stub. Every
// contender in a request benchmark uses a client built here, so they pay
// the same SDK costs.
func newStubClient(stub *stubHTTP) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		Credentials:  staticCredentials,
		BaseEndpoint: aws.String(stubEndpoint),
		HTTPClient:   stub,
	})
}

// newStubGuregu returns a guregu/dynamo DB over the same kind of client.
func newStubGuregu(stub *stubHTTP) *dynamo.DB {
	return dynamo.New(aws.Config{
		Region:       "us-east-1",
		Credentials:  staticCredentials,
		BaseEndpoint: aws.String(stubEndpoint),
		HTTPClient:   stub,
	})
}

// getItemBody is the GetItem response body holding item, in the DynamoDB
// JSON wire format.
func getItemBody(t testing.TB, item map[string]types.AttributeValue) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"Item": wireItem(item)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wireItem(item map[string]types.AttributeValue) map[string]any {
	out := make(map[string]any, len(item))
	for k, v := range item {
		out[k] = wireValue(v)
	}
	return out
}

// wireValue is one attribute value as DynamoDB sends it: an object with a
// single type key. encoding/json writes []byte as base64, as the wire
// format wants.
func wireValue(v types.AttributeValue) map[string]any {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": x.Value}
	case *types.AttributeValueMemberN:
		return map[string]any{"N": x.Value}
	case *types.AttributeValueMemberB:
		return map[string]any{"B": x.Value}
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": x.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": x.Value}
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": x.Value}
	case *types.AttributeValueMemberNS:
		return map[string]any{"NS": x.Value}
	case *types.AttributeValueMemberBS:
		return map[string]any{"BS": x.Value}
	case *types.AttributeValueMemberM:
		return map[string]any{"M": wireItem(x.Value)}
	case *types.AttributeValueMemberL:
		l := make([]any, len(x.Value))
		for i, e := range x.Value {
			l[i] = wireValue(e)
		}
		return map[string]any{"L": l}
	}
	panic(fmt.Sprintf("wireValue: unsupported %T", v))
}
