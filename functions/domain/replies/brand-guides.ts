import type { PartialLocalized } from '#domain/replies/guides';

/** Brand-level paths where a brand's menus differ from the generic ones. Keys are lower-case. */
export const BRANDS: Record<string, PartialLocalized> = {
  pax: {
    zh: {
      signIn: [
        '确认终端已联网；',
        '在主界面按“功能”键进入“管理 → 签到”，输入操作员号和密码；',
        '签到后进入“管理 → 参数下载”，完成后重启终端。',
      ],
      updateFirmware: [
        '接通电源并连接网络；',
        '打开“PAXSTORE”应用或进入“设置 → 系统更新”；',
        '安装最新固件，完成前不要关机；',
        '重启后重新签到。',
      ],
      activate: ['确认终端已联网；', '进入“管理 → 终端激活”；', '输入激活码并确认，完成后签到。'],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'From the home screen press "Func" and open Manage > Sign in; enter the operator number and password.',
        'Then open Manage > Download parameters and restart the terminal when it finishes.',
      ],
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open the PAXSTORE app, or Settings > System update.',
        'Install the latest firmware and keep the terminal on until it finishes.',
        'Restart, then sign in again.',
      ],
      activate: [
        'Check that the terminal is online.',
        'Open Manage > Terminal activation.',
        'Enter the activation code, confirm, then sign in.',
      ],
    },
  },
  landi: {
    zh: {
      signIn: [
        '确认终端已联网；',
        '在待机界面按“确认”进入主菜单，选择“签到”；',
        '再选择“系统管理 → 参数下载”，完成后重启。',
      ],
      activate: ['确认终端已联网；', '开机后在“系统管理 → 终端激活”中输入激活码；', '激活后按提示签到。'],
      updateFirmware: [
        '接通电源并联网；',
        '进入“系统管理 → 远程更新（TMS 下载）”；',
        '等待下载安装完成，勿关机；',
        '重启后签到。',
      ],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'On the idle screen press "Enter" for the main menu and choose "Sign in".',
        'Then choose System management > Download parameters and restart when it finishes.',
      ],
      activate: [
        'Check that the terminal is online.',
        'After power-on, open System management > Terminal activation and enter the activation code.',
        'Sign in when prompted.',
      ],
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open System management > Remote update (TMS download).',
        'Wait for the download and installation; keep the terminal on.',
        'Restart, then sign in.',
      ],
    },
  },
  newland: {
    zh: {
      signIn: ['确认终端已联网；', '进入“管理 → 签到”，输入操作员号和密码；', '选择“管理 → 参数下载”，完成后重启。'],
      updateFirmware: [
        '接通电源并联网；',
        '进入“系统设置 → TMS 更新”（或“系统更新”）；',
        '安装最新版本，勿关机；',
        '重启后签到。',
      ],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'Open Manage > Sign in and enter the operator number and password.',
        'Choose Manage > Download parameters and restart when it finishes.',
      ],
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open System settings > TMS update (or System update).',
        'Install the latest version and keep the terminal on.',
        'Restart, then sign in.',
      ],
    },
  },
  sunmi: {
    zh: {
      signIn: [
        '确认终端已联网；',
        '打开收银（支付）应用，进入“设置 → 签到”；',
        '在同一页面选择“参数下载”，完成后重启。',
      ],
      updateFirmware: [
        '接通电源并联网；',
        '进入系统“设置 → 系统升级”（或“关于设备 → 系统更新”）；',
        '下载安装最新版本，勿关机；',
        '重启后在收银应用中签到。',
      ],
      activate: ['确认终端已联网；', '打开收银应用，在“设置 → 终端激活”中输入激活码；', '激活后签到。'],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'Open the payment app and go to Settings > Sign in.',
        'On the same page choose "Download parameters", then restart when it finishes.',
      ],
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open Settings > System upgrade (or About device > System update).',
        'Download and install the latest version; keep the terminal on.',
        'Restart, then sign in from the payment app.',
      ],
      activate: [
        'Check that the terminal is online.',
        'Open the payment app, Settings > Terminal activation, and enter the activation code.',
        'Sign in once activated.',
      ],
    },
  },
  centerm: {
    zh: {
      signIn: ['确认终端已联网；', '按“菜单”键进入“签到”；', '再进入“菜单 → 系统管理 → 参数下载”，完成后重启。'],
      updateFirmware: [
        '接通电源并联网；',
        '进入“菜单 → 系统管理 → 程序更新”；',
        '等待更新完成，勿关机；',
        '重启后签到。',
      ],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'Press "Menu" and choose "Sign in".',
        'Then open Menu > System management > Download parameters and restart when it finishes.',
      ],
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open Menu > System management > Program update.',
        'Wait for the update; keep the terminal on.',
        'Restart, then sign in.',
      ],
    },
  },
  verifone: {
    zh: {
      signIn: ['确认终端已联网；', '在主界面进入“管理员菜单 → 签到”；', '再选择“管理员菜单 → 参数下载”，完成后重启。'],
      updateFirmware: [
        '接通电源并联网；',
        '进入“管理员菜单 → 软件更新”（需管理员密码）；',
        '完成前勿关机；',
        '重启后签到。',
      ],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'From the home screen open Admin menu > Sign in.',
        'Then choose Admin menu > Download parameters and restart when it finishes.',
      ],
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open Admin menu > Software update (admin password required).',
        'Keep the terminal on until it finishes.',
        'Restart, then sign in.',
      ],
    },
  },
  ingenico: {
    zh: {
      signIn: ['确认终端已联网；', '按“F”键进入“管理 → 签到”；', '再选择“管理 → 参数下载”，完成后重启。'],
      updateFirmware: ['接通电源并联网；', '进入“管理 → 远程下载”；', '完成前勿关机；', '重启后签到。'],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'Press "F" and open Manage > Sign in.',
        'Then choose Manage > Download parameters and restart when it finishes.',
      ],
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open Manage > Remote download.',
        'Keep the terminal on until it finishes.',
        'Restart, then sign in.',
      ],
    },
  },
};
