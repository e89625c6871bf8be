package outcome

import (
	"context"
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func responseError(status int, err error) error {
	return &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: err}}
}

func TestMayHaveApplied(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"success", nil, false},
		{"false condition", responseError(400, &types.ConditionalCheckFailedException{}), false},
		{"throttled", responseError(400, &types.ProvisionedThroughputExceededException{}), false},
		{"server error", responseError(500, &types.InternalServerError{}), true},
		{"unavailable", responseError(503, errors.New("ServiceUnavailable")), true},
		{"connection refused", &smithyhttp.RequestSendError{Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}, false},
		{"connection reset", &smithyhttp.RequestSendError{Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}, true},
		// The SDK wraps a send failure in a response error without status.
		{"reset, wrapped", responseError(0, &smithyhttp.RequestSendError{Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}), true},
		{"deadline", context.DeadlineExceeded, true},
	}
	for _, c := range cases {
		if got := MayHaveApplied(c.err); got != c.want {
			t.Errorf("%s: MayHaveApplied = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestNilAttempts(t *testing.T) {
	var a *Attempts
	if a.MayHaveApplied() || a.Sent() != 0 {
		t.Fatal("a nil *Attempts reported attempts")
	}
	a.Track(nil) // records nothing, touches nothing
	a.TrackWithoutUnsafeRetries(nil)
}
