import { fault } from '../errors.js';
import type { Route } from './context.js';

export const authRoutes: Record<string, Route> = {
  'auth/getuserinfo': {
    method: 'GET',
    handler: (ctx) => {
      const r = ctx.state.oauth.exchange(ctx.query.get('code'));
      return 'openid' in r ? { openid: r.openid, external_userid: '' } : r;
    },
  },
  'auth/getuserdetail': {
    method: 'POST',
    handler: (ctx) => {
      const u = ctx.state.oauth.detail(ctx.body.user_ticket);
      return {
        userid: u.userid,
        gender: u.gender,
        avatar: u.avatar,
        qr_code: u.qr_code,
        mobile: u.mobile,
        email: u.email,
        biz_mail: u.biz_mail,
        address: u.address,
      };
    },
  },
  // The legacy endpoint answers in PascalCase.
  'user/getuserinfo': {
    method: 'GET',
    handler: (ctx) => {
      const r = ctx.state.oauth.exchange(ctx.query.get('code'));
      return 'openid' in r ? { OpenId: r.openid, DeviceId: '' } : { UserId: r.userid, DeviceId: '' };
    },
  },
  get_jsapi_ticket: {
    method: 'GET',
    handler: (ctx) => {
      const { token, expiresIn } = ctx.state.tickets.issue('jsapi');
      return { ticket: token, expires_in: expiresIn };
    },
  },
  'ticket/get': {
    method: 'GET',
    handler: (ctx) => {
      if (ctx.query.get('type') !== 'agent_config') throw fault(40058, 'invalid type');
      const { token, expiresIn } = ctx.state.tickets.issue('agent_config');
      return { ticket: token, expires_in: expiresIn };
    },
  },
};
