// nginx njs handler for "Option 2" (nginx → Aegis Core): the request body is sent to Core's
// POST /api/v1/validate as an auth subrequest; 2xx → the request goes on to the LLM upstream, 403 → the
// client gets Core's JSON reason, anything else (Core down, timeout) → the fail mode in $aegis_fail_open.
// Stock `auth_request` cannot do this: nginx reads the body after the access phase, so an auth
// subrequest carries no body (its upstream waits for bytes that never come).

function header(reply, name) {
  const v = reply.headersOut[name];
  return Array.isArray(v) ? v[0] : v;
}

function unavailable(r, requestId) {
  r.headersOut['Content-Type'] = 'application/json';
  if (requestId) r.headersOut['X-Aegis-Request-Id'] = requestId;
  r.return(503, JSON.stringify({ error: 'Aegis Core is unavailable; the request was not checked and not forwarded.', code: 'AEGIS_ERR_UNAVAILABLE', requestId: requestId || null }));
}

async function guard(r) {
  if (r.requestText === undefined && (r.headersIn['Content-Length'] || r.headersIn['Transfer-Encoding'])) {
    // Body spilled to a temporary file: client_body_buffer_size is smaller than the body. Never forward
    // what was not checked.
    r.headersOut['Content-Type'] = 'application/json';
    r.return(413, JSON.stringify({ error: 'The body is larger than the guard buffer.', code: 'AEGIS_ERR_BODY_TOO_LARGE', requestId: null }));
    return;
  }
  let reply;
  try {
    reply = await r.subrequest('/_aegis/validate', { method: 'POST', body: r.requestText || '' });
  } catch (e) {
    reply = undefined;
  }
  const requestId = reply ? header(reply, 'X-Aegis-Request-Id') : undefined;
  if (requestId) r.variables.aegis_request_id = requestId;
  if (reply && reply.status >= 200 && reply.status < 300) {
    r.internalRedirect('@aegis_llm');
    return;
  }
  if (reply && reply.status === 403) {
    r.headersOut['Content-Type'] = 'application/json';
    r.headersOut['X-Aegis-Request-Id'] = requestId || '';
    r.return(403, reply.responseText);
    return;
  }
  if (r.variables.aegis_fail_open === '1') {
    r.variables.aegis_bypassed = 'true';
    r.log('aegis: core unavailable (status ' + (reply ? reply.status : 'none') + '), request bypassed unchecked');
    r.internalRedirect('@aegis_llm');
    return;
  }
  r.error('aegis: core unavailable (status ' + (reply ? reply.status : 'none') + '), request refused');
  unavailable(r, requestId);
}

export default { guard };
