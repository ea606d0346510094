// Snowpost: every answer must be 2xx, as `snowpost saved run` expects; a token that could not be
// had is reported here, since the pre-request script cannot fail the run from a callback.
(function () {
  var tokenError = pm.variables.get('snowpost_token_error');
  if (tokenError) {
    pm.test('OAuth token', function () {
      throw new Error(tokenError);
    });
  }
  pm.test(pm.info.requestName + ' answers 2xx', function () {
    pm.expect(pm.response.code, pm.response.status).to.be.within(200, 299);
  });
})();
