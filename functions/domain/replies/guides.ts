import type { Language } from '#domain/triage/types';

/** Step lists for one device, in one language. Illustrative menu paths; acquirers edit this table. */
export interface DeviceGuide {
  signIn: string[];
  activate: string[];
  updateFirmware: string[];
  /** Where the TID and the SN are printed on this device. */
  findIds: string[];
}

type Localized = Record<Language, DeviceGuide>;
type PartialLocalized = Record<Language, Partial<DeviceGuide>>;

const GENERIC: Localized = {
  zh: {
    signIn: [
      '确认终端已联网（Wi-Fi、4G 或网线），信号正常；',
      '进入终端的“管理”或“系统”菜单，选择“签到”，输入操作员号（一般为 01）和密码；',
      '签到成功后选择“参数下载”（或“下载参数”），等待完成后重启终端；',
      '重启后再刷一笔小额交易测试。',
    ],
    activate: [
      '确认终端已联网；',
      '开机后进入“激活”或“终端激活”界面（部分机型在“管理 → 终端激活”）；',
      '输入我行短信或邮件发给您的激活码，确认；',
      '激活成功后按提示完成签到和参数下载。',
    ],
    updateFirmware: [
      '将终端充满电或接上电源，并连接稳定的网络；',
      '进入“设置”或“系统”菜单，选择“系统更新”/“固件升级”；',
      '下载并安装最新版本，过程中不要关机；',
      '升级完成后重启终端，再进行签到和参数下载。',
    ],
    findIds: [
      '终端背面或底部的铭牌标签上印有 SN（序列号/机身号）；',
      '终端“设置 → 关于本机”或“管理 → 终端信息”中可查看终端号（TID，8 位）和 SN；',
      '任意一张签购单（小票）上的“终端编号/TERMINAL NO.”即终端号。',
    ],
  },
  en: {
    signIn: [
      'Check that the terminal is online (Wi-Fi, 4G or cable) with a good signal.',
      'Open the "Manage" or "System" menu, choose "Sign in", and enter the operator number (usually 01) and password.',
      'After signing in, choose "Download parameters" and wait until it completes, then restart the terminal.',
      'After the restart, try a small test transaction.',
    ],
    activate: [
      'Check that the terminal is online.',
      'After power-on, open the "Activate" or "Terminal activation" screen (on some models: Manage > Terminal activation).',
      'Enter the activation code we sent you by SMS or email and confirm.',
      'Once activated, sign in and download parameters when prompted.',
    ],
    updateFirmware: [
      'Charge the terminal or plug it in, and connect it to a stable network.',
      'Open "Settings" or "System" and choose "System update" / "Firmware update".',
      'Download and install the latest version; do not switch the terminal off meanwhile.',
      'Restart the terminal when the update is done, then sign in and download parameters.',
    ],
    findIds: [
      'The SN (serial number) is on the label on the back or bottom of the terminal.',
      'Settings > About (or Manage > Terminal info) shows the TID (8 characters) and the SN.',
      'Any sales slip (receipt) shows the TID as "TERMINAL NO." / 终端编号.',
    ],
  },
};

/** Brand-level paths where a brand's menus differ from the generic ones. Keys are lower-case. */
const BRANDS: Record<string, PartialLocalized> = {
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

/** Model-level paths where a model differs from its brand. Keys are "brand/model", lower-case. */
const MODELS: Record<string, PartialLocalized> = {
  'pax/s90': {
    zh: {
      signIn: [
        '确认终端已联网；',
        '按“菜单”键，选择“签到”，输入操作员号和密码；',
        '按“菜单”键，选择“管理 → 参数下载”，完成后重启。',
      ],
    },
    en: {
      signIn: [
        'Check that the terminal is online.',
        'Press "Menu", choose "Sign in" and enter the operator number and password.',
        'Press "Menu", choose Manage > Download parameters, and restart when it finishes.',
      ],
    },
  },
  'newland/n910': {
    zh: {
      updateFirmware: [
        '接通电源并联网；',
        '打开“应用市场”，在“我的 → 系统更新”中检查更新；',
        '安装最新版本，勿关机；',
        '重启后签到。',
      ],
    },
    en: {
      updateFirmware: [
        'Plug the terminal in and connect it to a network.',
        'Open the App Market, then My > System update.',
        'Install the latest version and keep the terminal on.',
        'Restart, then sign in.',
      ],
    },
  },
};

const key = (s: string) => s.trim().toLowerCase();

/** The guide for a device: model entry over brand entry over the generic one, field by field. */
export function guideFor(brand: string, model: string, language: Language): DeviceGuide {
  return {
    ...GENERIC[language],
    ...BRANDS[key(brand)]?.[language],
    ...MODELS[`${key(brand)}/${key(model)}`]?.[language],
  };
}
