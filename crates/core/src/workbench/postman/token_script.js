// Snowpost: gets this collection's ServiceNow OAuth token from /oauth_token.do before each
// request, and reuses it until just before it expires. Credentials come from variables only
// (set client_secret and password in the environment, or with newman's --env-var); none is
// exported. The token is kept in run-local variables, so it never lands in a saved file.
(function () {
  var get = function (k) {
    var v = pm.variables.get(k);
    return v === undefined || v === null ? '' : String(v);
  };
  var base = get('instance_url').replace(/\/+$/, '');
  var grant = get('grant_type') || 'password';
  var now = Date.now();
  var token = get('snowpost_access_token');
  pm.variables.set('snowpost_token_error', '');
  var renewAt = Number(get('snowpost_renew_at') || 0);
  if (token && now < renewAt) {
    return;
  }
  if (!base) {
    throw new Error('Snowpost: set instance_url, e.g. https://dev12345.service-now.com');
  }

  function form(fields) {
    return Object.keys(fields).map(function (k) {
      return { key: k, value: fields[k] };
    });
  }
  function request(fields, done) {
    pm.sendRequest(
      {
        url: base + '/oauth_token.do',
        method: 'POST',
        header: [
          { key: 'Content-Type', value: 'application/x-www-form-urlencoded' },
          { key: 'Accept', value: 'application/json' },
        ],
        body: { mode: 'urlencoded', urlencoded: form(fields) },
      },
      done,
    );
  }
  function need(names) {
    var missing = names.filter(function (n) {
      return !get(n);
    });
    if (missing.length) {
      throw new Error(
        'Snowpost: set ' + missing.join(', ') + ' in the environment (never exported), ' +
          'e.g. newman run … --env-var ' + missing[0] + '=…',
      );
    }
  }
  // A throw inside a sendRequest callback is lost, so the collection's test script reports it.
  function fail(message) {
    console.error(message);
    pm.variables.set('snowpost_token_error', message);
  }
  function keep(res) {
    var body = {};
    try {
      body = res.json();
    } catch (e) {
      body = {};
    }
    if (res.code !== 200 || !body.access_token) {
      var why = body.error_description || body.error || res.status || 'no access_token';
      fail(
        'Snowpost: ' + base + '/oauth_token.do answered ' + res.code + ' (' + why + '). ' +
          'Check client_id, client_secret, username and password, and that the OAuth ' +
          'application exists on the instance.',
      );
      return;
    }
    // Renew with a margin of a minute, or half the lifetime when that is shorter.
    var life = Number(body.expires_in || 0) * 1000;
    var margin = Math.min(60000, life / 2);
    pm.variables.set('snowpost_access_token', body.access_token);
    pm.variables.set('snowpost_renew_at', String(Date.now() + life - margin));
    if (body.refresh_token) {
      pm.variables.set('snowpost_refresh_token', body.refresh_token);
    }
  }
  function original() {
    var fields = { grant_type: grant, client_id: get('client_id'), client_secret: get('client_secret') };
    if (grant === 'password') {
      need(['client_secret', 'username', 'password']);
      fields.username = get('username');
      fields.password = get('password');
    } else if (grant === 'client_credentials') {
      need(['client_secret']);
    } else {
      throw new Error(
        'Snowpost: this profile signs in with ' + grant + ', which a script cannot do; ' +
          'set refresh_token (or access_token) in the environment.',
      );
    }
    request(fields, function (err, res) {
      if (err) {
        fail('Snowpost: no answer from ' + base + '/oauth_token.do (' + err + '): check instance_url and the network.');
      } else {
        keep(res);
      }
    });
  }

  var refresh = get('snowpost_refresh_token') || get('refresh_token');
  if (refresh) {
    var fields = { grant_type: 'refresh_token', client_id: get('client_id'), refresh_token: refresh };
    if (get('client_secret')) {
      fields.client_secret = get('client_secret');
    }
    request(fields, function (err, res) {
      if (!err && res.code === 200) {
        keep(res);
      } else {
        // A refused refresh token: sign in again with the profile's own grant.
        pm.variables.set('snowpost_refresh_token', '');
        try {
          original();
        } catch (e) {
          fail(e.message);
        }
      }
    });
  } else if (grant !== 'password' && grant !== 'client_credentials' && get('access_token')) {
    pm.variables.set('snowpost_access_token', get('access_token'));
    pm.variables.set('snowpost_renew_at', String(now + 3600000));
  } else {
    original();
  }
})();
